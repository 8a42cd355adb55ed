using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class OfflineEvaluatorTests
{
    private const double Tolerance = 1e-12;
    private static readonly DateTimeOffset T0 = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Engagement E(string user, string post, int hour) => new(user, post, EngagementKind.View, T0.AddHours(hour));

    /// <summary>
    /// Train: u1 {a, b}, u2 {a, c}, u3 {a, b, d}, u4 {c}: popularity a 3, b 2, c 2, d 1.
    /// Test: u1 c, u2 b, u2 d, u4 a, u1 c again (collapses); u9 a (unknown user) and u1 z (unknown post) are dropped.
    /// </summary>
    private static EvaluationData Small() => new(
        [E("u1", "a", 1), E("u1", "b", 2), E("u2", "a", 3), E("u2", "c", 4), E("u3", "a", 5), E("u3", "b", 6), E("u3", "d", 7), E("u4", "c", 8)],
        [E("u1", "c", 10), E("u2", "b", 11), E("u2", "d", 12), E("u4", "a", 13), E("u1", "c", 14), E("u9", "a", 15), E("u1", "z", 16)]);

    [Fact]
    public void Recommend_Popularity_MatchesHandComputedMetrics()
    {
        // k = 2. u1: candidates {c 2, d 1} → [c, d], relevant {c}: precision 1/2, recall 1, ndcg 1, map 1.
        // u2: {b 2, d 1} → [b, d], relevant {b, d}: precision 1, recall 1, ndcg 1, map (1/1 + 2/2) / 2 = 1.
        // u4: {a 3, b 2, d 1} → [a, b], relevant {a}: precision 1/2, recall 1, ndcg 1, map 1.
        // precision (1/2 + 1 + 1/2) / 3 = 2/3; coverage {a, b, c, d} / 4 train posts = 1.
        var report = new OfflineEvaluator(new EvaluationOptions { K = 2 }).Evaluate(Small(), [new PopularityModel()], TestContext.Current.CancellationToken);
        var m = Assert.Single(report.Models);

        Assert.Equal("popularity", m.Model);
        Assert.Equal(2.0 / 3, m.Precision, Tolerance);
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (m.Recall, m.Ndcg, m.Map, m.HitRate));
        Assert.Equal(1.0, m.Coverage, Tolerance);
        Assert.Equal(3, m.Users);
    }

    [Fact]
    public void Evaluate_ReportsEachUsersNdcg_AndAnIntervalAroundTheMean()
    {
        var report = new OfflineEvaluator(new EvaluationOptions { K = 1 }).Evaluate(Small(), [new PopularityModel(), new FunctionModel("anti", (_, post) => -post.Length - (post[0] / 100f))], TestContext.Current.CancellationToken);
        var popularity = report.Models[0];

        Assert.Equal(popularity.Users, popularity.UserNdcg.Count);
        Assert.Equal(popularity.Ndcg, popularity.UserNdcg.Average(), Tolerance);
        Assert.InRange(popularity.Ndcg, popularity.NdcgInterval.Lower, popularity.NdcgInterval.Upper);
        Assert.InRange(popularity.NdcgInterval.Lower, 0, 1);
        var d = popularity.NdcgDifference(report.Models[1]);
        Assert.InRange(popularity.Ndcg - report.Models[1].Ndcg, d.Lower, d.Upper);
    }

    [Fact]
    public void Recommend_DropsTestRowsOutsideTrain_AndReportsTheData()
    {
        var report = new OfflineEvaluator().Evaluate(Small(), [new PopularityModel()], TestContext.Current.CancellationToken);

        Assert.Equal(new DatasetSummary(Users: 4, Posts: 4, Train: 8, Test: 5), report.Dataset);
        Assert.Equal(EvaluationTask.Recommend, report.Task);
        Assert.Null(report.CandidatesSince);
    }

    [Fact]
    public void Recommend_CandidatesAreTrainPostsMinusTheUsersOwn()
    {
        var model = new FunctionModel("m", (_, _) => 1f);

        new OfflineEvaluator().Evaluate(Small(), [model], TestContext.Current.CancellationToken);

        Assert.Equal(["c", "d"], model.Candidates["u1"]);
        Assert.Equal(["a", "b", "d"], model.Candidates["u4"]);
        Assert.Equal(["u1", "u2", "u4"], model.Candidates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EqualScores_AreRankedByOrdinalPostId()
    {
        // Ordinal order: "10" < "9" < "B" < "a" < "b". With k = 1 and equal scores, "10" comes first.
        string[] posts = ["b", "a", "B", "9", "10"];
        var train = posts.Select((p, i) => E("u0", p, i)).Append(E("u1", "x", 9)).Append(E("u2", "x", 9)).ToList();
        var data = new EvaluationData(train, [E("u1", "10", 20), E("u2", "a", 21)]);

        var report = new OfflineEvaluator(new EvaluationOptions { K = 1 }).Evaluate(data, [new FunctionModel("flat", (_, _) => 0.5f)], TestContext.Current.CancellationToken);

        Assert.Equal(0.5, report.Models[0].HitRate, Tolerance);
        Assert.Equal(1.0 / 6, report.Models[0].Coverage, Tolerance);
    }

    [Fact]
    public void NaNScores_LeaveThePostOut()
    {
        var data = new EvaluationData([E("u0", "a", 0), E("u0", "b", 1), E("u1", "x", 2)], [E("u1", "b", 5)]);
        var model = new FunctionModel("m", (_, post) => post == "a" ? float.NaN : 0f);

        var report = new OfflineEvaluator(new EvaluationOptions { K = 1 }).Evaluate(data, [model], TestContext.Current.CancellationToken);

        Assert.Equal(1.0, report.Models[0].Precision, Tolerance);
    }

    [Fact]
    public void TrainingSet_ClockStandsAtTheEndOfTrain_RankingAtTheLastTestRow()
    {
        var model = new FunctionModel("m", (_, _) => 0f);
        var options = new EvaluationOptions();
        options.Weighting.HalfLife = TimeSpan.FromDays(2);

        var report = new OfflineEvaluator(options).Evaluate(Small(), [model], TestContext.Current.CancellationToken);
        var training = model.Training!;

        Assert.Equal(T0.AddHours(8), training.ReferenceTime);
        Assert.Equal(T0.AddHours(8), training.TimeProvider.GetUtcNow());
        Assert.Equal(T0.AddHours(16), training.RankingTime);
        Assert.Equal(TimeSpan.FromDays(2), training.Weighting.HalfLife);
        Assert.NotSame(options.Weighting, training.Weighting);
        Assert.Equal((T0.AddHours(8), T0.AddHours(16), TimeSpan.FromDays(2)), (report.ReferenceTime, report.RankingTime, report.HalfLife));
    }

    [Fact]
    public void RankingTime_Option_OverridesTheDefault()
    {
        var model = new FunctionModel("m", (_, _) => 0f);

        new OfflineEvaluator(new EvaluationOptions { RankingTime = T0.AddDays(9) }).Evaluate(Small(), [model], TestContext.Current.CancellationToken);

        Assert.Equal(T0.AddDays(9), model.Training!.RankingTime);
    }

    [Fact]
    public void Rank_CandidatesArePostsCreatedSinceTheWindow_MinusTrainPosts_AndColdUsersCount()
    {
        // Test starts at hour 100: candidates are posts created at or after hour 100 - 72 = 28.
        Post P(string id, int hour) => new(id, "author", T0.AddHours(hour));
        var data = new EvaluationData(
            [E("u1", "old", 1), E("u1", "n1", 30)],
            [E("u1", "n2", 100), E("cold", "n1", 101)])
        {
            Posts = [P("old", 0), P("n1", 28), P("n2", 50), P("n3", 27)],
        };
        var model = new FunctionModel("m", (_, post) => post == "n1" ? 1f : 0f);

        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Rank, K = 1 }).Evaluate(data, [model], TestContext.Current.CancellationToken);

        Assert.Equal(T0.AddHours(28), report.CandidatesSince);
        Assert.Equal(["n2"], model.Candidates["u1"]);
        Assert.Equal(["n1", "n2"], model.Candidates["cold"]);
        Assert.Equal(2, report.Models[0].Users);
        Assert.Equal(1.0, report.Models[0].HitRate, Tolerance);
        Assert.Equal(new DatasetSummary(Users: 1, Posts: 2, Train: 2, Test: 2), report.Dataset);
    }

    [Fact]
    public void Rank_CandidatesSinceOption_IsUsed()
    {
        var data = new EvaluationData([E("u1", "a", 1)], [E("u1", "b", 100)])
        {
            Posts = [new Post("a", null, T0), new Post("b", null, T0.AddHours(1)), new Post("c", null, T0.AddHours(2))],
        };
        var model = new FunctionModel("m", (_, _) => 0f);

        new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Rank, CandidatesSince = T0.AddHours(2) }).Evaluate(data, [model], TestContext.Current.CancellationToken);

        Assert.Equal(["c"], model.Candidates["u1"]);
    }

    [Fact]
    public void Rank_WithoutPosts_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Rank }).Evaluate(Small(), [new PopularityModel()], TestContext.Current.CancellationToken));

        Assert.Contains("posts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTestUserLeft_GivesZeroUsersAndZeroMetrics()
    {
        var data = new EvaluationData([E("u1", "a", 1)], [E("u9", "a", 2)]);

        var m = new OfflineEvaluator().Evaluate(data, [new PopularityModel()], TestContext.Current.CancellationToken).Models[0];

        Assert.Equal((0, 0.0, 0.0), (m.Users, m.Precision, m.Ndcg));
    }

    [Fact]
    public void TrainingTime_IsMeasuredAroundFit()
    {
        var clock = new FakeTimeProvider();
        var model = new FunctionModel("slow", (_, _) => 0f) { OnFit = () => clock.Advance(TimeSpan.FromSeconds(2)) };

        var report = new OfflineEvaluator(timeProvider: clock).Evaluate(Small(), [model], TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(2), report.Models[0].TrainingTime);
    }

    [Fact]
    public void Models_AreReportedInOrder()
    {
        var report = new OfflineEvaluator().Evaluate(Small(), [new FunctionModel("z", (_, _) => 0f), new PopularityModel()], TestContext.Current.CancellationToken);

        Assert.Equal(["z", "popularity"], report.Models.Select(m => m.Model));
    }

    [Fact]
    public void BadInput_ThrowsArgumentException()
    {
        var evaluator = new OfflineEvaluator();

        Assert.Throws<ArgumentException>(() => evaluator.Evaluate(Small(), [new PopularityModel(), new PopularityModel()], TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => evaluator.Evaluate(new EvaluationData([], [E("u", "p", 0)]), [new PopularityModel()], TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => evaluator.Evaluate(new EvaluationData([E("", "p", 0)], []), [new PopularityModel()], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void InvalidOptions_ListEveryProblem()
    {
        var options = new EvaluationOptions { K = 0, Task = (EvaluationTask)9 };
        options.Weighting.HalfLife = TimeSpan.FromDays(-1);

        var e = Assert.Throws<ArgumentException>(() => new OfflineEvaluator(options));

        Assert.Contains("K must be between 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Task has an undefined value 9", e.Message, StringComparison.Ordinal);
        Assert.Contains("Weighting:HalfLife must be positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AreCopied()
    {
        var options = new EvaluationOptions { K = 1 };
        var evaluator = new OfflineEvaluator(options);
        options.K = 3;

        Assert.Equal(1, evaluator.Evaluate(Small(), [new PopularityModel()], TestContext.Current.CancellationToken).K);
    }
}
