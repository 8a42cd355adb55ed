namespace Recommender.Serving;

/// <summary>How <see cref="RecommenderEngine"/> answers: caching, time budget, limits, flag defaults and A/B variants.</summary>
public sealed class ServingOptions
{
    /// <summary>How long a result is cached. Default 30 minutes; <see cref="TimeSpan.Zero"/> disables caching.</summary>
    public TimeSpan CacheDuration { get; set; } = ServingDefaults.CacheDuration;

    /// <summary>
    /// The most memory cached results may take, in bytes (each entry counts its estimated size: the result, its items,
    /// ids, reasons and unknown candidates). When full, new results are not cached until the cache has compacted
    /// (expired and least recently used entries go first). Default 32 MiB (33,554,432); at least 1 MiB. Before this
    /// limit was in bytes it counted entries: a value below 1 MiB is rejected rather than read as a few bytes.
    /// </summary>
    public long CacheSizeLimit { get; set; } = ServingDefaults.CacheSizeLimit;

    /// <summary>
    /// The longest id accepted, in characters. A longer user id (in any call) or post id of a recorded engagement is an
    /// <see cref="ArgumentException"/>; a longer candidate id is reported in
    /// <see cref="RecommendationResult.UnknownCandidates"/>, never looked up or ranked. Default 256; 1 to 65,536.
    /// </summary>
    public int MaxIdLength { get; set; } = ServingDefaults.MaxIdLength;

    /// <summary>
    /// The most users whose recorded engagements are kept for fold-in until the next training; beyond it the least
    /// recently engaged users are forgotten (their later answers come from the trained model alone). Requests never
    /// create this state, only recorded engagements do. Default 100,000; 0 (no fold-in) to 10,000,000.
    /// </summary>
    public int MaxTrackedUsers { get; set; } = ServingDefaults.MaxTrackedUsers;

    /// <summary>
    /// The most posts whose live popularity (for the heuristic) is tracked from engagements; beyond it the coldest
    /// posts are forgotten (their popularity reads as zero). Default 100,000; 1,000 to 100,000,000.
    /// </summary>
    public int MaxTrackedPosts { get; set; } = ServingDefaults.MaxTrackedPosts;

    /// <summary>
    /// How long the model may take (post lookups included) before the heuristic answers instead, marked
    /// <see cref="FallbackReason.Timeout"/>. Default 500 ms; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = ServingDefaults.TimeBudget;

    /// <summary>The most candidates one ranking request may carry. Default 10,000; 1 to 1,000,000.</summary>
    public int MaxCandidates { get; set; } = ServingDefaults.MaxCandidates;

    /// <summary>The most posts one recommendation may ask for. Default 1,000; 1 to 100,000.</summary>
    public int MaxCount { get; set; } = ServingDefaults.MaxCount;

    /// <summary>Recorded engagements kept per user until the next training (newest first). Default 200; 0 to 10,000.</summary>
    public int RecentEngagementsPerUser { get; set; } = ServingDefaults.RecentEngagementsPerUser;

    /// <summary>How often posts published since training are read from the data source. Default 1 minute.</summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = ServingDefaults.CatalogRefreshInterval;

    /// <summary>How far back the heuristic's popularity index is warmed at start. Default 7 days.</summary>
    public TimeSpan HeuristicWarmup { get; set; } = ServingDefaults.HeuristicWarmup;

    /// <summary>
    /// The value of each feature flag when its provider does not define it: flag name → rollout percentage
    /// (0 = off, 100 = on). Default: <c>mlRecommendations</c>, <c>personalizedFeed</c> and <c>engagementRanking</c> at 100.
    /// </summary>
    public Dictionary<string, int> DefaultFlags { get; set; } = new(StringComparer.Ordinal)
    {
        [FeatureFlagNames.MlRecommendations] = 100,
        [FeatureFlagNames.PersonalizedFeed] = 100,
        [FeatureFlagNames.EngagementRanking] = 100,
    };

    /// <summary>
    /// A/B test: variant name → percentage of users (by a stable hash of "variant-split" and the user id) served
    /// by the model active for that variant. Users outside every variant get the "default" variant. Variants without
    /// an active model fall back to the default one. Default empty (everyone gets "default"). Percentages add up to
    /// at most 100.
    /// </summary>
    public Dictionary<string, int> Variants { get; set; } = new(StringComparer.Ordinal);

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (CacheDuration < TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(CacheDuration)} must be zero (no cache) or positive, was {CacheDuration}.");
        }

        if (CacheSizeLimit < ServingDefaults.MinCacheSizeLimit)
        {
            errors.Add($"{prefix}{nameof(CacheSizeLimit)} is in bytes and must be at least {ServingDefaults.MinCacheSizeLimit} (1 MiB), was {CacheSizeLimit}.");
        }

        if (MaxIdLength is < 1 or > 65_536)
        {
            errors.Add($"{prefix}{nameof(MaxIdLength)} must be between 1 and 65536, was {MaxIdLength}.");
        }

        if (MaxTrackedUsers is < 0 or > 10_000_000)
        {
            errors.Add($"{prefix}{nameof(MaxTrackedUsers)} must be between 0 and 10000000, was {MaxTrackedUsers}.");
        }

        if (MaxTrackedPosts is < 1_000 or > 100_000_000)
        {
            errors.Add($"{prefix}{nameof(MaxTrackedPosts)} must be between 1000 and 100000000, was {MaxTrackedPosts}.");
        }

        if (TimeBudget != Timeout.InfiniteTimeSpan && TimeBudget <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(TimeBudget)} must be positive or Timeout.InfiniteTimeSpan, was {TimeBudget}.");
        }

        if (MaxCandidates is < 1 or > 1_000_000)
        {
            errors.Add($"{prefix}{nameof(MaxCandidates)} must be between 1 and 1000000, was {MaxCandidates}.");
        }

        if (MaxCount is < 1 or > 100_000)
        {
            errors.Add($"{prefix}{nameof(MaxCount)} must be between 1 and 100000, was {MaxCount}.");
        }

        if (RecentEngagementsPerUser is < 0 or > 10_000)
        {
            errors.Add($"{prefix}{nameof(RecentEngagementsPerUser)} must be between 0 and 10000, was {RecentEngagementsPerUser}.");
        }

        if (CatalogRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(CatalogRefreshInterval)} must be positive, was {CatalogRefreshInterval}.");
        }

        if (HeuristicWarmup < TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(HeuristicWarmup)} must not be negative, was {HeuristicWarmup}.");
        }

        if (DefaultFlags is null)
        {
            errors.Add($"{prefix}{nameof(DefaultFlags)} must not be null.");
        }
        else
        {
            foreach (var (name, percentage) in DefaultFlags)
            {
                if (percentage is < 0 or > 100)
                {
                    errors.Add($"{prefix}{nameof(DefaultFlags)}[{name}] must be between 0 and 100, was {percentage}.");
                }
            }
        }

        if (Variants is null)
        {
            errors.Add($"{prefix}{nameof(Variants)} must not be null.");
        }
        else
        {
            var total = 0;
            foreach (var (name, percentage) in Variants)
            {
                if (string.IsNullOrWhiteSpace(name) || name == Training.ModelVariants.Default)
                {
                    errors.Add($"{prefix}{nameof(Variants)} has an invalid variant name '{name}' (empty, or the reserved \"default\").");
                }

                if (percentage is < 0 or > 100)
                {
                    errors.Add($"{prefix}{nameof(Variants)}[{name}] must be between 0 and 100, was {percentage}.");
                }

                total += percentage;
            }

            if (total > 100)
            {
                errors.Add($"{prefix}{nameof(Variants)} percentages add up to {total}, more than 100.");
            }
        }
    }
}
