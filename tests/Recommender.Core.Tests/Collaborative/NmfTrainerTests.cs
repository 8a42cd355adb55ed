using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Recommender.Collaborative;
using Recommender.Core.Tests.TestSupport;
using Recommender.Data;

namespace Recommender.Core.Tests.Collaborative;

public sealed class NmfTrainerTests
{
    private static readonly FakeTimeProvider Time = new(TestData.Epoch.AddDays(30));

    private static InteractionMatrix Matrix(IEnumerable<Engagement> engagements) => InteractionMatrix.Create(engagements, null, Time);

    [Fact]
    public void Fit_SameSeed_ProducesIdenticalFactors()
    {
        var matrix = Matrix(TestData.Random(80, 120, 2_000, seed: 7));
        var options = new NmfOptions { Factors = 8, MaxIterations = 5 };

        var a = new NmfTrainer(options).Fit(matrix);
        var b = new NmfTrainer(options).Fit(matrix);

        Assert.Equal(a.AllUserFactors.ToArray(), b.AllUserFactors.ToArray());
        Assert.Equal(a.AllPostFactors.ToArray(), b.AllPostFactors.ToArray());
    }

    [Fact]
    public void Fit_OneThreadOrMany_ProducesIdenticalFactors()
    {
        var matrix = Matrix(TestData.Random(300, 400, 12_000, seed: 11));

        var single = new NmfTrainer(new NmfOptions { Factors = 16, MaxIterations = 4, MaxDegreeOfParallelism = 1 }).Fit(matrix);
        var many = new NmfTrainer(new NmfOptions { Factors = 16, MaxIterations = 4, MaxDegreeOfParallelism = 8 }).Fit(matrix);

        Assert.Equal(single.AllUserFactors.ToArray(), many.AllUserFactors.ToArray());
        Assert.Equal(single.AllPostFactors.ToArray(), many.AllPostFactors.ToArray());
        Assert.Equal(single.Summary.LossHistory, many.Summary.LossHistory);
    }

    [Fact]
    public void Fit_DifferentSeed_ProducesDifferentFactors()
    {
        var matrix = Matrix(TestData.Random(50, 50, 800, seed: 7));

        var a = new NmfTrainer(new NmfOptions { Factors = 8, Seed = 1 }).Fit(matrix);
        var b = new NmfTrainer(new NmfOptions { Factors = 8, Seed = 2 }).Fit(matrix);

        Assert.NotEqual(a.AllUserFactors.ToArray(), b.AllUserFactors.ToArray());
    }

    [Fact]
    public void Fit_AnyData_FactorsNonNegativeFiniteAndLossNonIncreasing()
    {
        Gen.Select(Gen.Int[2, 30], Gen.Int[2, 30], Gen.Int[1, 300], Gen.Int[1, 12], Gen.Int[0, 1], Gen.Int)
            .Sample((users, posts, count, factors, objective, seed) =>
            {
                var matrix = Matrix(TestData.Random(users, posts, count, seed));
                var model = new NmfTrainer(new NmfOptions { Factors = factors, MaxIterations = 6, Tolerance = 0, Objective = (NmfObjective)objective, Seed = seed }).Fit(matrix);

                foreach (var v in model.AllUserFactors)
                {
                    Assert.True(v >= 0 && float.IsFinite(v));
                }

                foreach (var v in model.AllPostFactors)
                {
                    Assert.True(v >= 0 && float.IsFinite(v));
                }

                var history = model.Summary.LossHistory;
                for (var i = 1; i < history.Count; i++)
                {
                    // Each coordinate step minimises exactly; only float rounding may add a hair.
                    Assert.True(history[i] <= history[i - 1] * (1 + 1e-4) + 1e-6, $"loss rose from {history[i - 1]} to {history[i]}");
                }
            },
            iter: 60);
    }

    [Fact]
    public void Fit_PlantedBlocks_RecommendsOwnBlock()
    {
        var matrix = Matrix(TestData.Blocks(groups: 4, usersPerGroup: 30, postsPerGroup: 25, density: 0.4, seed: 5));
        var model = new NmfTrainer(new NmfOptions { Factors = 8 }).Fit(matrix);

        for (var g = 0; g < 4; g++)
        {
            for (var u = 0; u < 30; u++)
            {
                var recommended = model.Recommend($"u{g}-{u}", 5);
                Assert.NotEmpty(recommended);
                Assert.All(recommended, r => Assert.StartsWith($"p{g}-", r.PostId, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Fit_Frobenius_ReconstructsExactLowRankMatrix()
    {
        // A rank-2 non-negative matrix: users of kind A weigh posts 0-9 by 2, kind B posts 10-19 by 3.
        var options = new NmfOptions
        {
            Factors = 2,
            Objective = NmfObjective.Frobenius,
            Regularization = 0,
            MaxIterations = 200,
            Tolerance = 0,
            Weighting = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan },
        };
        var engagements = new List<Engagement>();
        for (var u = 0; u < 10; u++)
        {
            for (var p = 0; p < 10; p++)
            {
                engagements.Add(new Engagement($"a{u}", $"p{p}", EngagementKind.View, TestData.Epoch, 2f));
                engagements.Add(new Engagement($"b{u}", $"p{p + 10}", EngagementKind.View, TestData.Epoch, 3f));
            }
        }

        var model = new NmfTrainer(options, timeProvider: Time).Fit(engagements);

        Assert.True(model.Summary.FinalLoss < 1e-3, $"loss {model.Summary.FinalLoss}");
        Assert.True(model.TryScore("a3", "p4", out var inBlock));
        Assert.Equal(2f, inBlock, 2);
        Assert.True(model.TryScore("a3", "p14", out var offBlock));
        Assert.Equal(0f, offBlock, 2);
    }

    [Fact]
    public void Fit_ReportsProgressEveryIteration()
    {
        var matrix = Matrix(TestData.Random(20, 20, 200, seed: 1));
        var reports = new List<NmfProgress>();
        var model = new NmfTrainer(new NmfOptions { Factors = 4, MaxIterations = 7, Tolerance = 0 }).Fit(matrix, new SyncProgress<NmfProgress>(reports.Add));

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], reports.Select(r => r.Iteration));
        Assert.Equal(model.Summary.LossHistory, reports.Select(r => r.Loss));
        Assert.Equal(7, model.Summary.Iterations);
        Assert.False(model.Summary.Converged);
    }

    [Fact]
    public void Fit_Tolerance_StopsEarlyAndSaysConverged()
    {
        var matrix = Matrix(TestData.Blocks(2, 10, 10, 0.5, seed: 2));
        var model = new NmfTrainer(new NmfOptions { Factors = 2, MaxIterations = 500, Tolerance = 1e-3 }).Fit(matrix);

        Assert.True(model.Summary.Converged);
        Assert.True(model.Summary.Iterations < 500);
    }

    [Fact]
    public void Fit_Cancelled_ThrowsOperationCanceled()
    {
        var matrix = Matrix(TestData.Random(200, 200, 5_000, seed: 1));
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<NmfProgress>(_ => cts.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() => new NmfTrainer(new NmfOptions { Factors = 8, MaxIterations = 50, Tolerance = 0 }).Fit(matrix, progress, cts.Token));
    }

    [Fact]
    public void Fit_EmptyData_ThrowsNamingTheProblem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new NmfTrainer().Fit(Matrix([])));

        Assert.Contains("no engagement has a positive weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OnlyNegativeFeedback_ThrowsNamingTheProblem()
    {
        var matrix = Matrix([new Engagement("a", "x", EngagementKind.Hide, TestData.Epoch)]);

        var error = Assert.Throws<InvalidOperationException>(() => new NmfTrainer().Fit(matrix));

        Assert.Contains("1 negative pairs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleUserSinglePost_CapsFactorsAtOne()
    {
        var model = new NmfTrainer().Fit(Matrix([new Engagement("a", "x", EngagementKind.Like, TestData.Epoch)]));

        Assert.Equal(1, model.FactorCount);
        Assert.Equal(50, model.Summary.RequestedFactors);
        Assert.Empty(model.Recommend("a", 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(NmfDefaults.MaxFactors + 1)]
    public void Options_FactorsOutOfRange_ThrowNamingTheOption(int factors)
    {
        var error = Assert.Throws<ArgumentException>(() => new NmfTrainer(new NmfOptions { Factors = factors }));

        Assert.Contains($"Factors must be between 1 and {NmfDefaults.MaxFactors}, was {factors}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_SeveralInvalid_ListsEveryOne()
    {
        var options = new NmfOptions { MaxIterations = 0, Tolerance = double.NaN, Regularization = -1, Alpha = float.PositiveInfinity, MaxDegreeOfParallelism = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (var name in new[] { "MaxIterations", "Tolerance", "Regularization", "Alpha", "MaxDegreeOfParallelism" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Trainer_CopiesOptions_LaterChangesHaveNoEffect()
    {
        var options = new NmfOptions { Factors = 3, MaxIterations = 2 };
        var trainer = new NmfTrainer(options);
        options.Factors = 10;

        var model = trainer.Fit(Matrix(TestData.Random(20, 20, 200, seed: 1)));

        Assert.Equal(3, model.FactorCount);
    }

    /// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
