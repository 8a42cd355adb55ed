namespace Recommender.Serving;

/// <summary>The documented defaults of <see cref="ServingOptions"/>.</summary>
internal static class ServingDefaults
{
    /// <summary>Results are cached for 30 minutes.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(30);

    /// <summary>Cached results take at most 32 MiB (their estimated size in bytes).</summary>
    public const long CacheSizeLimit = 32L << 20;

    /// <summary>The smallest <see cref="ServingOptions.CacheSizeLimit"/> accepted: 1 MiB (a smaller value is most likely an entry count from before the limit was in bytes).</summary>
    public const long MinCacheSizeLimit = 1L << 20;

    /// <summary>Ids (of users and posts) are at most 256 characters long.</summary>
    public const int MaxIdLength = 256;

    /// <summary>An answer from the model must be ready within 500 ms, else the heuristic answers.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>At most 10,000 candidates per ranking request.</summary>
    public const int MaxCandidates = 10_000;

    /// <summary>At most 1,000 posts per recommendation.</summary>
    public const int MaxCount = 1_000;

    /// <summary>Engagements recorded since training are kept for at most 200 per user (the most recent).</summary>
    public const int RecentEngagementsPerUser = 200;

    /// <summary>With an <see cref="IEngagementPropagation"/>, the last 100,000 engagements applied are remembered to drop repeats.</summary>
    public const int DeduplicatedEngagements = 100_000;

    /// <summary>At most 100,000 users have engagements folded in between trainings (the least recently engaged go first).</summary>
    public const int MaxTrackedUsers = 100_000;

    /// <summary>The live popularity of at most 100,000 posts is tracked (the coldest go first).</summary>
    public const int MaxTrackedPosts = 100_000;

    /// <summary>The catalogue of posts published since training is refreshed from the data source every minute.</summary>
    public static readonly TimeSpan CatalogRefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>The heuristic's popularity index is warmed with the last 7 days of engagements.</summary>
    public static readonly TimeSpan HeuristicWarmup = TimeSpan.FromDays(7);
}
