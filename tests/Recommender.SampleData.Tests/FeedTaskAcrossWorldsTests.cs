using Recommender.Evaluation;

namespace Recommender.SampleData.Tests;

/// <summary>
/// The feed task (the protocol's replay, engagements applied through the engine's real-time call) on small instances
/// of both generated worlds: the hybrid is never below its best component by more than the paired interval, and always
/// above the heuristic.
/// </summary>
public class FeedTaskAcrossWorldsTests
{
    public static TheoryData<string> Worlds => ["social", "loyal"];

    private static SocialFeed World(string name) => name == "social"
        ? SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 300, Posts = 1_200, Days = 14, EngagementsPerUser = 30, Seed = 11 })
        : LoyalFeedGenerator.Generate(new LoyalFeedOptions { Users = 400, Posts = 1_600, Days = 30, EngagementsPerUser = 30, Seed = 11 });

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Feed_Realtime_HybridHoldsAgainstItsParts_AndBeatsTheHeuristic(string world)
    {
        var feed = World(world);
        var split = DataSplitter.ByTime(feed.Engagements, DataSplitter.CutoffFor(feed.Engagements, 0.2));
        var data = new EvaluationData(split.Train, split.Test) { Posts = feed.Posts, Users = feed.Users, Follows = feed.Follows };
        IEvaluationModel[] models = [new HeuristicEvaluationModel(), new NmfEvaluationModel(), new ContentEvaluationModel(), new Serving.EngineEvaluationModel(new HybridEvaluationModel())];

        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Feed }).Evaluate(data, models, TestContext.Current.CancellationToken);
        var byName = report.Models.ToDictionary(m => m.Model);
        var hybrid = byName["hybrid"];

        Assert.True(hybrid.Users > 100, $"{world}: only {hybrid.Users} (user, window) pairs");
        Assert.True(hybrid.Windows.Count >= 2, $"{world}: {hybrid.Windows.Count} windows");
        Assert.True(hybrid.NdcgDifference(byName["heuristic"]).Lower > 0, $"{world}: hybrid {hybrid.Ndcg:F4} vs heuristic {byName["heuristic"].Ndcg:F4}");
        foreach (var part in new[] { "nmf", "content" })
        {
            var d = hybrid.NdcgDifference(byName[part]);
            Assert.True(d.Upper > 0, $"{world}: hybrid {hybrid.Ndcg:F4} below {part} {byName[part].Ndcg:F4} beyond the interval [{d.Lower:F4}, {d.Upper:F4}]");
        }
    }
}
