namespace Recommender;

/// <summary>
/// Names of Recommender's telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. Durations are in seconds.
/// </summary>
public static class RecommenderTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Recommender";

    /// <summary>Histogram (s): time to answer a rank or recommend request. Tags: operation, source, cache.</summary>
    public const string RequestDuration = "recommender.request.duration";

    /// <summary>Counter: answers served. Tags: operation, source, fallback.reason.</summary>
    public const string Results = "recommender.results";

    /// <summary>Counter: cache lookups. Tag: cache (hit or miss).</summary>
    public const string CacheLookups = "recommender.cache.lookups";

    /// <summary>Histogram (s): training duration. Tag: outcome.</summary>
    public const string TrainingDuration = "recommender.training.duration";

    /// <summary>Counter: training runs. Tag: outcome.</summary>
    public const string TrainingRuns = "recommender.training.runs";

    /// <summary>Observable gauge (s): age of the default variant's model (time since it was trained).</summary>
    public const string ModelAge = "recommender.model.age";

    /// <summary>Counter: engagements recorded in real time.</summary>
    public const string EngagementsRecorded = "recommender.engagements.recorded";

    /// <summary>Counter: engagements recorded in real time but ignored (a data condition), by reason
    /// (<see cref="Tags.Reason"/>: "clock_skew" for a timestamp beyond Weighting:MaxClockSkew, "weight_range" for a
    /// weight beyond ±1,000,000, "duplicate" for one an <c>IEngagementPropagation</c> delivered again, "invalid" for one
    /// it delivered with ids or a kind that the caller's validation would reject).</summary>
    public const string EngagementsIgnored = "recommender.engagements.ignored";

    /// <summary>Tag names.</summary>
    public static class Tags
    {
        /// <summary>"rank" or "recommend".</summary>
        public const string Operation = "operation";

        /// <summary>"model" or "fallback".</summary>
        public const string Source = "source";

        /// <summary>Why the fallback answered: "flag", "no_model", "error", "timeout" (absent otherwise).</summary>
        public const string FallbackReason = "fallback.reason";

        /// <summary>"hit" or "miss".</summary>
        public const string Cache = "cache";

        /// <summary>A training run's outcome: "activated", "rejected", "failed", "cancelled", "skipped".</summary>
        public const string Outcome = "outcome";

        /// <summary>Why an engagement was ignored: "clock_skew" or "weight_range".</summary>
        public const string Reason = "reason";

        /// <summary>The A/B variant.</summary>
        public const string Variant = "variant";
    }
}
