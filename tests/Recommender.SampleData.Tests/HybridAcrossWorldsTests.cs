using Recommender.Evaluation;

namespace Recommender.SampleData.Tests;

/// <summary>
/// Issue 12's target on small instances of both generated worlds: for the rank and the recommend task the hybrid is
/// never below its best component (nmf, content, heuristic) by more than the paired bootstrap 95% interval of the
/// difference, and always above the heuristic. The latest 20% of engagements are test, as in the demo. About 10 s for
/// the four cases. Not robust to size: with 300 users the loyal world's recommend task fails (heuristic 0.0975, hybrid
/// 0.0550, difference [-0.0836, -0.0035]), so this holds at 400 users, not below.
/// </summary>
public sealed class HybridAcrossWorldsTests
{
    private static readonly Lazy<SocialFeed> Social = new(() => SocialFeedGenerator.Generate(new SocialFeedOptions
    {
        Users = 400, Posts = 1_600, Days = 21, EngagementsPerUser = 40, Seed = 3,
    }));

    private static readonly Lazy<SocialFeed> Loyal = new(() => LoyalFeedGenerator.Generate(new LoyalFeedOptions
    {
        Users = 400, Posts = 1_600, Days = 60, EngagementsPerUser = 40, Seed = 3,
    }));

    [Theory]
    [InlineData("social", EvaluationTask.Rank)]
    [InlineData("social", EvaluationTask.Recommend)]
    [InlineData("loyal", EvaluationTask.Rank)]
    [InlineData("loyal", EvaluationTask.Recommend)]
    public void Hybrid_IsAtLeastItsBestComponentWithinTheInterval_AndAboveTheHeuristic(string world, EvaluationTask task)
    {
        var feed = world == "social" ? Social.Value : Loyal.Value;
        var split = DataSplitter.ByTime(feed.Engagements, DataSplitter.CutoffFor(feed.Engagements, 0.2));
        var data = new EvaluationData(split.Train, split.Test) { Posts = feed.Posts, Users = feed.Users, Follows = feed.Follows };
        var options = new RecommenderOptions();
        options.Collaborative.Factors = 16;
        options.Collaborative.MaxIterations = 30;

        var report = new OfflineEvaluator(new EvaluationOptions { Task = task }).Evaluate(
            data,
            [new HeuristicEvaluationModel(), new NmfEvaluationModel(options.Collaborative), new ContentEvaluationModel(), new HybridEvaluationModel(options)],
            TestContext.Current.CancellationToken);
        var m = report.Models.ToDictionary(x => x.Model, StringComparer.Ordinal);
        var hybrid = m["hybrid"];
        var best = new[] { m["nmf"], m["content"], m["heuristic"] }.MaxBy(x => x.Ndcg)!;
        var difference = hybrid.NdcgDifference(best);
        var table = string.Join(", ", report.Models.Select(x => FormattableString.Invariant($"{x.Model} {x.Ndcg:F4}")));

        Assert.True(difference.Upper >= 0, FormattableString.Invariant($"{world} {task}: hybrid below {best.Model}, difference [{difference.Lower:F4}, {difference.Upper:F4}] ({table})"));
        Assert.True(hybrid.Ndcg > m["heuristic"].Ndcg, $"{world} {task}: {table}");
    }
}
