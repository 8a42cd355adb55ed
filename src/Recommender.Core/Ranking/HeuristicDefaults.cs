namespace Recommender.Ranking;

/// <summary>The documented defaults of <see cref="HeuristicOptions"/>.</summary>
internal static class HeuristicDefaults
{
    /// <summary>Weight of log(1 + decayed engagement of the post).</summary>
    public const float EngagementWeight = 1f;

    /// <summary>Weight of log(1 + decayed engagement of the post's author, over all their posts).</summary>
    public const float AuthorWeight = 0.25f;

    /// <summary>Weight of freshness, 0.5^(age / FreshnessHalfLife).</summary>
    public const float FreshnessWeight = 2f;

    /// <summary>Engagement on a post or author loses half its weight every 24 hours.</summary>
    public static readonly TimeSpan PopularityHalfLife = TimeSpan.FromHours(24);

    /// <summary>Weight of log(1 + trending velocity of the post).</summary>
    public const float TrendingWeight = 0.5f;

    /// <summary>Engagement in a post's trending velocity loses half its weight every 6 hours.</summary>
    public static readonly TimeSpan TrendingHalfLife = TimeSpan.FromHours(6);

    /// <summary>A post's freshness halves every 24 hours.</summary>
    public static readonly TimeSpan FreshnessHalfLife = TimeSpan.FromHours(24);
}
