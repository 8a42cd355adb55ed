using Recommender.Data;
using Recommender.Evaluation;
using Recommender.SampleData;
using Recommender.Serving;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>The hybrid in the feed task is served by the engine a host runs: engagements reach it through its real-time call.</summary>
public sealed class HybridFeedTests
{
    [Fact]
    public void Record_GoesThroughTheEngine_TheLikedPostIsSeen_AndTheAuthorsOtherPostsRiseForANewUser()
    {
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 200, Posts = 800, Days = 14, EngagementsPerUser = 25, Seed = 3 });
        var end = feed.Engagements.Max(e => e.Timestamp);
        var options = new RecommenderOptions();
        options.Collaborative.Factors = 8;
        options.Collaborative.MaxIterations = 10;
        var model = new EngineEvaluationModel(new HybridEvaluationModel(options));
        // Candidates: the posts of the last three days.
        var training = FitDirect(model, feed, end, out var catalog);
        var scorer = Assert.IsAssignableFrom<IFeedEvaluationScorer>(training);
        var recent = feed.Posts.Where(p => p.CreatedAt > end - TimeSpan.FromDays(3) && p.CreatedAt <= end).ToList();
        var author = recent.GroupBy(p => p.AuthorId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key!;
        var candidates = recent.Select(p => catalog.IndexOf(p.Id)).Order().ToArray();
        scorer.AdvanceTo(end);
        var before = Positions(scorer, "newcomer", candidates, catalog);

        var liked = recent.Where(p => p.AuthorId == author).Take(3).ToList();
        foreach (var (post, i) in liked.Select((p, i) => (p, i)))
        {
            scorer.Record(new Engagement("newcomer", post.Id, EngagementKind.Like, end.AddMinutes(1 + i)));
        }

        scorer.AdvanceTo(end.AddMinutes(10));
        var after = Positions(scorer, "newcomer", candidates, catalog);

        Assert.All(liked, p => Assert.False(after.ContainsKey(p.Id), $"{p.Id} was liked: the engine must leave it out"));
        var others = recent.Where(p => p.AuthorId == author && !liked.Contains(p)).Select(p => p.Id).ToList();
        Assert.NotEmpty(others);
        Assert.True(others.Average(id => after[id]) < others.Average(id => before[id]), $"{author}'s other posts: mean position {others.Average(id => before[id]):F1} before, {others.Average(id => after[id]):F1} after");
        ((IDisposable)scorer).Dispose();
    }

    private static IEvaluationScorer FitDirect(EngineEvaluationModel model, SocialFeed feed, DateTimeOffset end, out IdIndex catalog)
    {
        var ids = feed.Posts.Select(p => p.Id).Order(StringComparer.Ordinal).ToArray();
        catalog = IdIndex.Create(ids);
        var set = new EvaluationTrainingSet(new EvaluationData(feed.Engagements, []) { Posts = feed.Posts }, catalog, end, end, new EngagementWeightingOptions());
        return model.Fit(set, TestContext.Current.CancellationToken);
    }

    /// <summary>Each ranked post's position (0 = top); posts scored NaN (left out) are absent.</summary>
    private static Dictionary<string, int> Positions(IEvaluationScorer scorer, string user, int[] candidates, IdIndex catalog)
    {
        var scores = new float[candidates.Length];
        scorer.Score(user, candidates, scores);
        return candidates.Select((c, i) => (Id: catalog[c], Score: scores[i]))
            .Where(x => !float.IsNaN(x.Score))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id, StringComparer.Ordinal)
            .Select((x, i) => (x.Id, i))
            .ToDictionary(x => x.Id, x => x.i);
    }
}
