using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// Scores posts the way the feed did before ML (see <see cref="HeuristicOptions"/>): popular now, from popular
/// authors, fresh, and trending (engaged with quickly for their age). Needs no training; reads a live <see cref="PopularityIndex"/>.
/// </summary>
internal sealed class HeuristicScorer
{
    private readonly HeuristicOptions _options;
    private readonly double _freshnessHalfLifeTicks;

    public HeuristicScorer(HeuristicOptions options, PopularityIndex index)
    {
        options.Validate();
        _options = options;
        Index = index;
        _freshnessHalfLifeTicks = options.FreshnessHalfLife.Ticks;
    }

    public PopularityIndex Index { get; }

    public HeuristicOptions Options => _options;

    /// <summary>Freshness in [0, 1]: 1 for a post created now (or in the future), halving every half-life.</summary>
    public double Freshness(DateTimeOffset createdAt, DateTimeOffset now)
    {
        var age = (now - createdAt).Ticks;
        return age <= 0 ? 1.0 : Math.Pow(2, -age / _freshnessHalfLifeTicks);
    }

    public float Score(Post post, DateTimeOffset now)
    {
        var engagement = Math.Max(0.0, Index.PostPopularity(post.Id, now));
        var author = Math.Max(0.0, Index.AuthorPopularity(post.AuthorId, now));
        var score = (_options.EngagementWeight * Math.Log(1 + engagement))
            + (_options.AuthorWeight * Math.Log(1 + author))
            + (_options.FreshnessWeight * Freshness(post.CreatedAt, now));
        if (_options.TrendingWeight > 0f)
        {
            score += _options.TrendingWeight * Math.Log(1 + Math.Max(0.0, Index.PostTrending(post.Id, post.CreatedAt, now)));
        }

        return (float)score;
    }

    /// <summary>The heuristic's own reasons for a post, for explanations of fallback results.</summary>
    public void Explain(Post post, DateTimeOffset now, List<string> reasons)
    {
        var engagement = Index.PostPopularity(post.Id, now);
        if (engagement >= 10)
        {
            reasons.Add("popular right now");
        }

        if (_options.TrendingWeight > 0f && Index.PostTrending(post.Id, post.CreatedAt, now) >= 2)
        {
            reasons.Add("trending");
        }

        if (Freshness(post.CreatedAt, now) >= 0.7)
        {
            reasons.Add("new");
        }

        if (Index.AuthorPopularity(post.AuthorId, now) >= 50)
        {
            reasons.Add("from a popular author");
        }
    }
}
