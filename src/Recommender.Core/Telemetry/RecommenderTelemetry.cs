namespace Recommender;

/// <summary>
/// Names of Recommender's telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. Durations are in seconds; the
/// duration histograms advise bucket boundaries from 10 µs to 10 s (<see cref="DurationBuckets"/>). With
/// OpenTelemetry: <c>AddOpenTelemetry().WithTracing(t =&gt; t.AddSource("Recommender")).WithMetrics(m =&gt; m.AddMeter("Recommender"))</c>.
/// </summary>
public static class RecommenderTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Recommender";

    /// <summary>Histogram (s): time to answer a rank or recommend request. Tags: operation, source, fallback reason, cache, variant, model version.</summary>
    public const string RequestDuration = "recommender.request.duration";

    /// <summary>Counter: answers served. Tags: operation, source, fallback reason, variant, model version.</summary>
    public const string Results = "recommender.results";

    /// <summary>Counter: cache lookups. Tag: cache (hit or miss).</summary>
    public const string CacheLookups = "recommender.cache.lookups";

    /// <summary>Histogram (s): training duration. Tags: outcome, model version (when one was saved).</summary>
    public const string TrainingDuration = "recommender.training.duration";

    /// <summary>Counter: training runs. Tags: outcome, model version (when one was saved).</summary>
    public const string TrainingRuns = "recommender.training.runs";

    /// <summary>Observable gauge (s): age of the default variant's model (time since it was trained). Tag: model version.</summary>
    public const string ModelAge = "recommender.model.age";

    /// <summary>Counter: engagements recorded in real time.</summary>
    public const string EngagementsRecorded = "recommender.engagements.recorded";

    /// <summary>Counter: engagements recorded in real time but ignored (a data condition), by reason
    /// (<see cref="Tags.Reason"/>: "clock_skew" for a timestamp beyond Weighting:MaxClockSkew, "weight_range" for a
    /// weight beyond ±1,000,000, "duplicate" for one an <c>IEngagementPropagation</c> delivered again, "invalid" for one
    /// it delivered with ids or a kind that the caller's validation would reject).</summary>
    public const string EngagementsIgnored = "recommender.engagements.ignored";

    /// <summary>
    /// The bucket boundaries (s) advised for <see cref="RequestDuration"/> and <see cref="TrainingDuration"/>:
    /// 10, 25, 50, 75 and 100 µs, 250 and 500 µs, 1, 2.5, 5, 10, 25, 50, 100, 250 and 500 ms, 1, 2.5, 5 and 10 s
    /// (a rank of about 90 µs falls in the 75-100 µs bucket; a training of minutes lands in the overflow bucket). A
    /// host's view (OpenTelemetry's <c>AddView</c>) overrides them.
    /// </summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
    [
        0.000_01, 0.000_025, 0.000_05, 0.000_075, 0.000_1, 0.000_25, 0.000_5,
        0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10,
    ];

    /// <summary>The spans Recommender starts (<see cref="System.Diagnostics.ActivityKind.Internal"/>).</summary>
    public static class Spans
    {
        /// <summary>One ranking request. Tags: user candidates, variant, model version, source, fallback reason, cache.</summary>
        public const string Rank = "recommender.rank";

        /// <summary>One recommendation request. Tags as <see cref="Rank"/>, without candidates; <see cref="Tags.Count"/>.</summary>
        public const string Recommend = "recommender.recommend";

        /// <summary>A batch of ranking requests (a <see cref="Rank"/> span per request beneath it). Tag: <see cref="Tags.BatchSize"/>.</summary>
        public const string RankBatch = "recommender.rank.batch";

        /// <summary>A batch of recommendation requests (a <see cref="Recommend"/> span per user beneath it). Tag: <see cref="Tags.BatchSize"/>.</summary>
        public const string RecommendBatch = "recommender.recommend.batch";

        /// <summary>A training run. Tags: run id, outcome, model version. Its phases are the spans beneath it.</summary>
        public const string Training = "recommender.training";

        /// <summary>Training phase: reading the data and fitting the model (its stages are span events named after them).</summary>
        public const string TrainingFit = "recommender.training.fit";

        /// <summary>Training phase: the offline evaluation that gates activation.</summary>
        public const string TrainingEvaluate = "recommender.training.evaluate";

        /// <summary>Saving a model version to the store. Tag: model version.</summary>
        public const string ModelSave = "recommender.model.save";

        /// <summary>Loading a model version from the store (at start, on a change, and the training's load-back check). Tags: model version, variant.</summary>
        public const string ModelLoad = "recommender.model.load";

        /// <summary>Making a model version serve a variant. Tags: model version, variant.</summary>
        public const string ModelActivate = "recommender.model.activate";
    }

    /// <summary>Tag (attribute) names, on spans and metrics alike.</summary>
    public static class Tags
    {
        /// <summary>"rank" or "recommend".</summary>
        public const string Operation = "recommender.operation";

        /// <summary>"model" or "fallback".</summary>
        public const string Source = "recommender.source";

        /// <summary>Why the fallback answered: "flag", "no_model", "error", "timeout" (absent otherwise).</summary>
        public const string FallbackReason = "recommender.fallback.reason";

        /// <summary>"hit" or "miss" (absent when the fallback answered without a lookup).</summary>
        public const string Cache = "recommender.cache";

        /// <summary>A training run's outcome: "activated", "rejected", "failed", "cancelled", "skipped".</summary>
        public const string Outcome = "recommender.training.outcome";

        /// <summary>A training run's id (spans only).</summary>
        public const string RunId = "recommender.training.run_id";

        /// <summary>Why an engagement was ignored: "clock_skew" or "weight_range".</summary>
        public const string Reason = "recommender.reason";

        /// <summary>The A/B variant ("default" unless <c>Serving:Variants</c> says otherwise).</summary>
        public const string Variant = "recommender.variant";

        /// <summary>The model version that served the request (absent when none serves), or that a training saved.</summary>
        public const string ModelVersion = "recommender.model.version";

        /// <summary>The number of candidates of a ranking request (spans only: a number is no metric dimension).</summary>
        public const string Candidates = "recommender.candidates";

        /// <summary>The number of posts a recommendation asked for (spans only).</summary>
        public const string Count = "recommender.count";

        /// <summary>The number of requests in a batch (spans only).</summary>
        public const string BatchSize = "recommender.batch.size";
    }
}
