using Recommender.Core.Tests.TestSupport;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

/// <summary>The trending signal: a post's recent engagement per hour of exposure, its own half-life, used by the heuristic.</summary>
public sealed class TrendingTests
{
    private static readonly DateTimeOffset Now = TestData.Epoch.AddDays(10);

    [Fact]
    public void PostTrending_HalvesEveryTrendingHalfLife_WhilePopularityKeepsItsOwn()
    {
        var index = new PopularityIndex(new HeuristicOptions());
        var created = Now.AddDays(-5);
        index.Add(Like("p", Now));

        var atOnce = index.PostTrending("p", created, Now);
        var later = index.PostTrending("p", created, Now.AddHours(6));

        Assert.Equal(0.5, later / atOnce, 6);
        Assert.Equal(Math.Pow(0.5, 6.0 / 24), index.PostPopularity("p", Now.AddHours(6)) / index.PostPopularity("p", Now), 6);
    }

    [Fact]
    public void PostTrending_OfAnOldPost_IsItsDecayedCountOverThreeHalfLives()
    {
        var index = new PopularityIndex(new HeuristicOptions { TrendingHalfLife = TimeSpan.FromHours(4) });
        index.Add(Like("p", Now));
        index.Add(Like("p", Now.AddHours(-4)));

        // One like now and one a half-life ago (1 + 0.5 likes, each of the like kind weight) over 12 hours of exposure.
        var like = new HeuristicOptions().KindWeights[EngagementKind.Like];
        Assert.Equal(1.5 * like / 12, index.PostTrending("p", Now.AddDays(-30), Now), 6);
    }

    [Fact]
    public void PostTrending_IsNormalisedByExposure_BetweenASixthAndThreeHalfLives()
    {
        var index = new PopularityIndex(new HeuristicOptions());
        index.Add(Like("p", Now));

        double At(TimeSpan age) => index.PostTrending("p", Now - age, Now);

        // Two hours of exposure against twelve: six times the velocity for the same recent count.
        Assert.Equal(6.0, At(TimeSpan.FromHours(2)) / At(TimeSpan.FromHours(12)), 6);

        // Capped at three half-lives (18 hours): older posts are compared on their recent count alone.
        Assert.Equal(At(TimeSpan.FromHours(18)), At(TimeSpan.FromDays(20)), 9);

        // At least a sixth of the half-life (1 hour): a post a minute old (or dated in the future) does not divide by a minute.
        Assert.Equal(At(TimeSpan.FromHours(1)), At(TimeSpan.FromMinutes(1)), 9);
        Assert.Equal(At(TimeSpan.FromHours(1)), At(TimeSpan.FromHours(-3)), 9);
    }

    [Fact]
    public void PostTrending_UnknownPost_IsZero()
    {
        var index = new PopularityIndex(new HeuristicOptions());

        Assert.Equal(0.0, index.PostTrending("nobody", Now.AddHours(-2), Now));
    }

    [Fact]
    public void Score_APostEngagedWithQuicklyForItsAge_RanksAboveAnOlderOneWithTheSameRecentCount()
    {
        var trendingOnly = new HeuristicOptions { EngagementWeight = 0, AuthorWeight = 0, FreshnessWeight = 0, TrendingWeight = 1 };
        var index = new PopularityIndex(trendingOnly);
        for (var i = 0; i < 3; i++)
        {
            index.Add(Like("young", Now.AddMinutes(-10 * i)));
            index.Add(Like("older", Now.AddMinutes(-10 * i)));
        }

        var scorer = new HeuristicScorer(trendingOnly, index);
        var young = new Post("young", "a", Now.AddHours(-2));
        var older = new Post("older", "a", Now.AddHours(-16));

        Assert.True(scorer.Score(young, Now) > scorer.Score(older, Now));

        // With the weight at 0 trending plays no part.
        var off = new HeuristicScorer(new HeuristicOptions { EngagementWeight = 0, AuthorWeight = 0, FreshnessWeight = 0, TrendingWeight = 0 }, index);
        Assert.Equal(0f, off.Score(young, Now));
        Assert.Equal(0f, off.Score(older, Now));
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new HeuristicOptions();

        Assert.Equal(0.5f, options.TrendingWeight);
        Assert.Equal(TimeSpan.FromHours(6), options.TrendingHalfLife);
    }

    [Fact]
    public void Options_InvalidTrending_ListsBothProblems()
    {
        var options = new HeuristicOptions { TrendingWeight = -1, TrendingHalfLife = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("TrendingWeight", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrendingHalfLife", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(new HeuristicOptions { TrendingWeight = float.NaN }.Validate);
        Assert.Throws<ArgumentException>(new HeuristicOptions { TrendingHalfLife = TimeSpan.FromDays(11) }.Validate);
    }

    private static Engagement Like(string post, DateTimeOffset at) => new("u", post, EngagementKind.Like, at);
}
