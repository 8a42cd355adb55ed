// <snippet:pieces>
using Recommender;
using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;
// </snippet:pieces>

namespace SnippetsHost;

/// <summary>The README's "each piece on its own".</summary>
internal static class PiecesSnippet
{
    public static IReadOnlyList<RankedPost> Run(User[] users, Post[] posts, Engagement[] engagements, Follow[] follows)
    {
        // <snippet:pieces>
        var matrix = InteractionMatrix.Create(engagements);            // time-decayed, kind-weighted user x post matrix
        NmfModel nmf = new NmfTrainer(new NmfOptions { Factors = 50 }).Fit(matrix);
        IReadOnlyList<ScoredPost> top = nmf.Recommend("alice", 10);     // top-N, already-engaged posts excluded
        IReadOnlyList<ScoredPost> similar = nmf.SimilarPosts("post-1", 10);
        Engagement[] newUserHistory = [new("erin", "post-3", EngagementKind.Like, DateTimeOffset.UtcNow)];
        float[] factors = nmf.FoldIn(newUserHistory);                  // a new user's factors without retraining
        nmf.Save("model.rcm");                                         // versioned, checksummed format (docs/model-format.md)

        RecommenderModel model = new RecommenderTrainer(new RecommenderOptions()).Fit(users, posts, engagements, follows);
        var ranker = new HybridRanker(model);
        IReadOnlyList<RankedPost> feed = ranker.Rank("alice", posts, new RankingFilter { ExcludeTags = ["nsfw"] });
        // </snippet:pieces>
        Console.WriteLine($"pieces: nmf top {top.Count}, similar {similar.Count}, fold-in {factors.Length} factors, hybrid feed {feed.Count}");
        return feed;
    }
}
