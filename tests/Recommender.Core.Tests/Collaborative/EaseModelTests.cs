using MathNet.Numerics.LinearAlgebra;
using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Collaborative;

public class EaseModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static InteractionMatrix Random(int users, int posts, int seed)
    {
        var random = new Random(seed);
        var engagements = new List<Engagement>();
        for (var u = 0; u < users; u++)
        {
            for (var p = 0; p < posts; p++)
            {
                if (random.NextDouble() < 0.3)
                {
                    var kind = random.Next(3) == 0 ? EngagementKind.Like : EngagementKind.View;
                    engagements.Add(new Engagement($"u{u:D3}", $"p{p:D3}", kind, Start.AddHours(random.Next(100))));
                }
            }
        }

        var weighting = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan };
        return InteractionMatrix.Create(engagements, weighting, new FixedTimeProvider(Start.AddDays(10)));
    }

    /// <summary>The textbook computation: dense X, P = (XᵀX + λI)⁻¹, B = I − P/diag(P), zero diagonal, scores x·B.</summary>
    private static double[] Reference(InteractionMatrix matrix, double relativeLambda, int user)
    {
        var x = Matrix<double>.Build.Dense(matrix.Users.Count, matrix.Posts.Count);
        var sumOfSquares = 0d;
        for (var u = 0; u < matrix.Users.Count; u++)
        {
            var posts = matrix.GetUserPosts(u);
            var weights = matrix.GetUserWeights(u);
            for (var i = 0; i < posts.Length; i++)
            {
                x[u, posts[i]] = weights[i];
                sumOfSquares += (double)weights[i] * weights[i];
            }
        }

        var lambda = relativeLambda * sumOfSquares / matrix.Posts.Count;
        var p = (x.TransposeThisAndMultiply(x) + (lambda * Matrix<double>.Build.DenseIdentity(matrix.Posts.Count))).Inverse();
        var b = Matrix<double>.Build.Dense(p.RowCount, p.ColumnCount, (k, j) => k == j ? 0d : -p[k, j] / p[j, j]);
        return (x.Row(user) * b).ToArray();
    }

    [Theory]
    [InlineData(40, 12, false)] // more users than posts: the primal form
    [InlineData(12, 40, true)] // fewer users than posts: the dual form
    public void Score_MatchesTheClosedForm(int users, int posts, bool dual)
    {
        var matrix = Random(users, posts, seed: users * 31 + posts);
        var model = EaseModel.TryFit(matrix, lambda: 0.5, maxDimension: 100, TestContext.Current.CancellationToken);

        Assert.NotNull(model);
        Assert.Equal(dual, model.IsDual);
        var candidates = Enumerable.Range(0, matrix.Posts.Count).ToArray();
        var scores = new float[candidates.Length];
        for (var u = 0; u < matrix.Users.Count; u++)
        {
            model.Score(matrix.GetUserPosts(u), matrix.GetUserWeights(u), candidates, scores);
            var expected = Reference(matrix, 0.5, u);
            for (var j = 0; j < candidates.Length; j++)
            {
                Assert.True(Math.Abs(expected[j] - scores[j]) < 1e-4 * (1 + Math.Abs(expected[j])), $"user {u} post {j}: {scores[j]} vs {expected[j]}");
            }
        }
    }

    [Fact]
    public void Score_EmptyHistoryOrUnknownPost_IsZero()
    {
        var matrix = Random(10, 20, seed: 3);
        var model = EaseModel.TryFit(matrix, 1, 100, TestContext.Current.CancellationToken)!;
        var scores = new float[] { 9, 9 };

        model.Score([], [], [0, 1], scores);
        Assert.Equal([0f, 0f], scores);

        model.Score(matrix.GetUserPosts(0), matrix.GetUserWeights(0), [-1, -1], scores);
        Assert.Equal([0f, 0f], scores);
    }

    [Fact]
    public void TryFit_AboveTheMemoryBound_ReturnsNull()
    {
        var matrix = Random(30, 30, seed: 5);

        Assert.Null(EaseModel.TryFit(matrix, 1, maxDimension: 29, TestContext.Current.CancellationToken));
        Assert.NotNull(EaseModel.TryFit(matrix, 1, maxDimension: 30, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(-1d)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void EvaluationModel_InvalidLambda_Throws(double lambda)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EaseEvaluationModel(lambda));
        Assert.Equal("lambda", error.ParamName);
    }

    [Fact]
    public void EvaluationModel_OnCommunities_BeatsPopularity_AndSaysWhenTooLarge()
    {
        // Two communities of 30 users over 20 posts each, 3 of every user's 12 posts held out; a post of community B
        // is the most popular overall, so popularity misleads community A.
        var random = new Random(11);
        var train = new List<Engagement>();
        var test = new List<Engagement>();
        for (var u = 0; u < 60; u++)
        {
            var community = u < 30 ? "a" : "b";
            var posts = Enumerable.Range(0, 20).OrderBy(_ => random.Next()).Take(12).ToList();
            for (var i = 0; i < posts.Count; i++)
            {
                (i < 3 ? test : train).Add(new Engagement($"u{u}", $"{community}{posts[i]}", EngagementKind.View, Start.AddHours(random.Next(1000))));
            }

            if (u >= 30)
            {
                train.Add(new Engagement($"u{u}", "hot", EngagementKind.Like, Start.AddHours(1000)));
            }
        }

        var ease = new EaseEvaluationModel();
        var tooSmall = new EaseEvaluationModel(maxDimension: 5);
        var report = new OfflineEvaluator(new EvaluationOptions()).Evaluate(new EvaluationData(train, test), [new PopularityModel(), ease], TestContext.Current.CancellationToken);

        Assert.True(ease.Built);
        Assert.True(report.Models[1].Ndcg > report.Models[0].Ndcg + 0.1, $"ease {report.Models[1].Ndcg} vs popularity {report.Models[0].Ndcg}");

        var small = new OfflineEvaluator(new EvaluationOptions()).Evaluate(new EvaluationData(train, test), [tooSmall], TestContext.Current.CancellationToken);
        Assert.False(tooSmall.Built);
        Assert.True(small.Models[0].Ndcg < report.Models[1].Ndcg - 0.1, "all-zero scores rank by post id");
    }
}
