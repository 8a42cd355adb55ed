namespace Recommender.Serving;

/// <summary>The documented defaults of <see cref="ServingOptions"/>.</summary>
public static class ServingDefaults
{
    /// <summary>Results are cached for 30 minutes.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(30);

    /// <summary>At most 10,000 cached results.</summary>
    public const int CacheSizeLimit = 10_000;

    /// <summary>An answer from the model must be ready within 500 ms, else the heuristic answers.</summary>
    public static readonly TimeSpan TimeBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>At most 10,000 candidates per ranking request.</summary>
    public const int MaxCandidates = 10_000;

    /// <summary>At most 1,000 posts per recommendation.</summary>
    public const int MaxCount = 1_000;

    /// <summary>Engagements recorded since training are kept for at most 200 per user (the most recent).</summary>
    public const int RecentEngagementsPerUser = 200;

    /// <summary>At most 100,000 users have engagements folded in between trainings (memory bound).</summary>
    public const int MaxTrackedUsers = 100_000;

    /// <summary>The catalogue of posts published since training is refreshed from the data source every minute.</summary>
    public static readonly TimeSpan CatalogRefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>The heuristic's popularity index is warmed with the last 7 days of engagements.</summary>
    public static readonly TimeSpan HeuristicWarmup = TimeSpan.FromDays(7);
}
