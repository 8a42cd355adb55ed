namespace Recommender.Features;

/// <summary>The documented defaults of <see cref="FeatureOptions"/>.</summary>
internal static class FeatureDefaults
{
    /// <summary>
    /// Freshness halves every 24 hours. A feed post collects most of its engagement on its first day and follows a
    /// daily rhythm, so a day is the natural unit: a post from this morning weighs about 1.4× one from last night,
    /// 2× yesterday's and 8× one from three days ago, while week-old posts (1/128) are effectively out of the feed.
    /// (Engagement memory decays much more slowly, 7 days by default, because a user's taste changes more slowly
    /// than a post goes stale.)
    /// </summary>
    public static readonly TimeSpan FreshnessHalfLife = TimeSpan.FromHours(24);

    /// <summary>Post velocity counts engagements of the last 24 hours before training.</summary>
    public static readonly TimeSpan VelocityWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The time-match prior is worth 24 engagements (one per hour of the day): a user with 24 engagements is
    /// judged half by their own hours and half by everyone's.
    /// </summary>
    public const float TimeMatchPriorStrength = 24f;

    /// <summary>User features list the 10 strongest tags and authors.</summary>
    public const int PreferredCount = 10;

    /// <summary>The largest <see cref="FeatureOptions.PreferredCount"/> accepted.</summary>
    public const int MaxPreferredCount = 1000;

    /// <summary>
    /// Each post keeps its 50 strongest co-engaged posts (<see cref="FeatureOptions.CoEngagementNeighbours"/>). More
    /// neighbours add long, weak tails that cost ranking time; on MovieLens 50 and 100 score the same.
    /// </summary>
    public const int CoEngagementNeighbours = 50;

    /// <summary>The largest <see cref="FeatureOptions.CoEngagementNeighbours"/> accepted.</summary>
    public const int MaxCoEngagementNeighbours = 1000;

    /// <summary>
    /// β = 0.3: a neighbour's weight is divided by its popularity to the power 0.3 (<see cref="FeatureOptions.CoEngagementPopularityExponent"/>).
    /// 0 lets the most popular posts neighbour everything; 0.5 and more over-favour rare posts (MovieLens ndcg@10 of
    /// the graph alone: β 0 → 0.292, 0.15 → 0.302, 0.3 → 0.310, 0.5 → 0.279, 0.7 → 0.074).
    /// </summary>
    public const float CoEngagementPopularityExponent = 0.3f;

    /// <summary>
    /// The co-engagement graph walks at most a user's 200 heaviest positive engagements, which bounds training
    /// (Σ min(h, 200)² over users) and ranking (200 × neighbours additions per request).
    /// </summary>
    public const int CoEngagementHistory = 200;

    /// <summary>
    /// A user's co-engagement scores come from their 200 heaviest positive engagements (the same cap as the graph's),
    /// at most 200 × 50 additions per ranking request.
    /// </summary>
    public const int CoEngagementScoringHistory = 200;
}
