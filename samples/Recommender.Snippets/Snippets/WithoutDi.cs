// <snippet:no-di>
using Recommender;
using Recommender.Data;
using Recommender.Serving;
using Recommender.Training;
// </snippet:no-di>

namespace SnippetsHost;

/// <summary>The README's "without dependency injection".</summary>
internal static class WithoutDiSnippet
{
    public static async Task<(TrainingRunResult Run, RecommendationResult Feed, RecommendationResult Ranked)> RunAsync(InMemoryDataSource source)
    {
        // <snippet:no-di>
        await using var engine = new RecommenderEngine(new RecommenderOptions(), source);
        await engine.InitializeAsync();
        TrainingRunResult run = await engine.Training.TrainAsync();   // train, evaluate, publish, activate
        Console.WriteLine($"training {run.Outcome}: model {run.ModelVersion}");

        RecommendationResult feed = await engine.RecommendAsync("alice", count: 20);
        foreach (var post in feed.Items)
            Console.WriteLine($"{post.PostId} {post.Score:F3} {post.Source} {string.Join("; ", post.Reasons)}");

        await engine.RecordEngagementAsync(new Engagement("alice", "post-3", EngagementKind.Like, DateTimeOffset.UtcNow));
        var ranked = await engine.RankAsync("alice", ["post-2", "post-3", "post-4"]);   // reflects the like: no post-3
        // </snippet:no-di>
        return (run, feed, ranked);
    }
}
