using Recommender.Core.Tests.TestSupport;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

public sealed class HeuristicScorerTests
{
    private static readonly DateTimeOffset Now = TestData.Epoch.AddDays(10);

    private static (HeuristicScorer Scorer, PopularityIndex Index) Create(HeuristicOptions? options = null)
    {
        options ??= new HeuristicOptions();
        var index = new PopularityIndex(options);
        return (new HeuristicScorer(options, index), index);
    }

    [Fact]
    public void PostPopularity_HalvesEveryHalfLife()
    {
        var (_, index) = Create();
        index.Add(new Engagement("u", "p", EngagementKind.Like, Now.AddHours(-24)));

        Assert.Equal(EngagementDefaults.LikeWeight / 2.0, index.PostPopularity("p", Now), 6);
        Assert.Equal(EngagementDefaults.LikeWeight / 4.0, index.PostPopularity("p", Now.AddHours(24)), 6);
        Assert.Equal(0.0, index.PostPopularity("unknown", Now));
    }

    [Fact]
    public void PostPopularity_OutOfOrderEngagements_SumTheSame()
    {
        var (_, inOrder) = Create();
        var (_, reversed) = Create();
        var engagements = new[]
        {
            new Engagement("a", "p", EngagementKind.Like, Now.AddHours(-30)),
            new Engagement("b", "p", EngagementKind.Share, Now.AddHours(-5)),
            new Engagement("c", "p", EngagementKind.View, Now.AddHours(-12)),
        };
        foreach (var e in engagements)
        {
            inOrder.Add(e);
        }

        foreach (var e in engagements.Reverse())
        {
            reversed.Add(e);
        }

        Assert.Equal(inOrder.PostPopularity("p", Now), reversed.PostPopularity("p", Now), 9);
        Assert.Equal(Now.AddHours(-5), inOrder.Watermark);
    }

    [Fact]
    public void AuthorPopularity_CountsEngagementOnAllTheirPosts()
    {
        var (_, index) = Create();
        index.AddPost(new Post("p1", "alice", Now));
        index.AddPost(new Post("p2", "alice", Now));
        index.Add(new Engagement("u", "p1", EngagementKind.Like, Now));
        index.Add(new Engagement("u", "p2", EngagementKind.Share, Now));

        Assert.Equal(EngagementDefaults.LikeWeight + EngagementDefaults.ShareWeight, index.AuthorPopularity("alice", Now), 6);
        Assert.Equal(0.0, index.AuthorPopularity(null, Now));
    }

    [Fact]
    public void Score_FreshBeatsStaleAndPopularBeatsUnengaged()
    {
        var (scorer, index) = Create();
        var fresh = new Post("fresh", "a", Now.AddMinutes(-5));
        var stale = new Post("stale", "a", Now.AddDays(-5));
        var popular = new Post("popular", "b", Now.AddMinutes(-5));
        for (var i = 0; i < 20; i++)
        {
            index.Add(new Engagement($"u{i}", "popular", EngagementKind.Like, Now.AddMinutes(-1)));
        }

        Assert.True(scorer.Score(fresh, Now) > scorer.Score(stale, Now));
        Assert.True(scorer.Score(popular, Now) > scorer.Score(fresh, Now));
    }

    [Fact]
    public void Score_HiddenPost_NeverScoresBelowUnengaged()
    {
        var (scorer, index) = Create();
        var post = new Post("p", "a", Now);
        var baseline = scorer.Score(post, Now);
        index.Add(new Engagement("u", "p", EngagementKind.Report, Now));

        Assert.Equal(baseline, scorer.Score(post, Now));
    }

    [Fact]
    public void Score_PostWithoutAuthorOrTags_IsFinite()
    {
        var (scorer, _) = Create();

        Assert.True(float.IsFinite(scorer.Score(new Post("p", null, DateTimeOffset.MinValue), Now)));
        Assert.True(float.IsFinite(scorer.Score(new Post("q", null, DateTimeOffset.MaxValue), Now)));
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new HeuristicOptions { EngagementWeight = -1, FreshnessWeight = float.NaN, PopularityHalfLife = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("EngagementWeight", error.Message, StringComparison.Ordinal);
        Assert.Contains("FreshnessWeight", error.Message, StringComparison.Ordinal);
        Assert.Contains("PopularityHalfLife", error.Message, StringComparison.Ordinal);
    }
}
