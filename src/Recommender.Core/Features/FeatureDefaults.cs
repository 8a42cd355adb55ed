namespace Recommender.Features;

/// <summary>The documented defaults of <see cref="FeatureOptions"/>.</summary>
public static class FeatureDefaults
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
}
