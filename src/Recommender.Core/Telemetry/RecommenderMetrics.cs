using System.Diagnostics;
using System.Diagnostics.Metrics;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender;

/// <summary>The instruments of <see cref="RecommenderTelemetry"/>; one per engine, from the host's IMeterFactory when given.</summary>
internal sealed class RecommenderMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _results;
    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _trainingDuration;
    private readonly Counter<long> _trainingRuns;
    private readonly Counter<long> _engagements;
    private readonly Counter<long> _ignored;

    public RecommenderMetrics(IMeterFactory? meterFactory, Func<(double Seconds, string Version)?> modelAge)
    {
        if (meterFactory is not null)
        {
            _meter = meterFactory.Create(RecommenderTelemetry.Name);
        }
        else
        {
            _meter = new Meter(RecommenderTelemetry.Name);
            _ownsMeter = true;
        }

        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = RecommenderTelemetry.DurationBuckets };
        _requestDuration = _meter.CreateHistogram(RecommenderTelemetry.RequestDuration, "s", "Time to answer a rank or recommend request.", tags: null, advice: buckets);
        _results = _meter.CreateCounter<long>(RecommenderTelemetry.Results, "{answer}", "Answers served, by source.");
        _cacheLookups = _meter.CreateCounter<long>(RecommenderTelemetry.CacheLookups, "{lookup}", "Result cache lookups.");
        _trainingDuration = _meter.CreateHistogram(RecommenderTelemetry.TrainingDuration, "s", "Training run duration.", tags: null, advice: buckets);
        _trainingRuns = _meter.CreateCounter<long>(RecommenderTelemetry.TrainingRuns, "{run}", "Training runs, by outcome.");
        _engagements = _meter.CreateCounter<long>(RecommenderTelemetry.EngagementsRecorded, "{engagement}", "Engagements recorded in real time.");
        _ignored = _meter.CreateCounter<long>(RecommenderTelemetry.EngagementsIgnored, "{engagement}", "Engagements recorded in real time but ignored, by reason.");
        _meter.CreateObservableGauge(RecommenderTelemetry.ModelAge, () =>
        {
            var age = modelAge();
            return age is { } value
                ? [new Measurement<double>(value.Seconds, new KeyValuePair<string, object?>(RecommenderTelemetry.Tags.ModelVersion, value.Version))]
                : Array.Empty<Measurement<double>>();
        }, "s", "Time since the default model was trained.");
    }

    public static ActivitySource ActivitySource { get; } = new(RecommenderTelemetry.Name);

    /// <summary>Records an answer in the metrics and, when one is recorded, on the request's span.</summary>
    public void Answered(string operation, RecommendationResult result, TimeSpan elapsed, bool? cacheHit, Activity? activity)
    {
        var source = result.Source == RecommendationSource.Fallback ? "fallback" : "model";
        var reason = result.FallbackReason != FallbackReason.None ? ReasonTag(result.FallbackReason) : null;
        var resultTags = new TagList
        {
            { RecommenderTelemetry.Tags.Operation, operation },
            { RecommenderTelemetry.Tags.Source, source },
            { RecommenderTelemetry.Tags.Variant, result.Variant },
        };
        if (result.ModelVersion is { } version)
        {
            resultTags.Add(RecommenderTelemetry.Tags.ModelVersion, version);
        }

        if (reason is not null)
        {
            resultTags.Add(RecommenderTelemetry.Tags.FallbackReason, reason);
        }

        var durationTags = resultTags;
        if (cacheHit is { } hit)
        {
            durationTags.Add(RecommenderTelemetry.Tags.Cache, hit ? "hit" : "miss");
        }

        _requestDuration.Record(elapsed.TotalSeconds, durationTags);
        _results.Add(1, resultTags);
        if (activity is not null)
        {
            foreach (var tag in durationTags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }
        }
    }

    public void CacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>(RecommenderTelemetry.Tags.Cache, hit ? "hit" : "miss"));

    public void EngagementRecorded() => _engagements.Add(1);

    public void EngagementIgnored(string reason) => _ignored.Add(1, new KeyValuePair<string, object?>(RecommenderTelemetry.Tags.Reason, reason));

    public void Trained(TrainingOutcome outcome, TimeSpan duration, string? modelVersion)
    {
        var tags = new TagList { { RecommenderTelemetry.Tags.Outcome, OutcomeTag(outcome) } };
        if (modelVersion is not null)
        {
            tags.Add(RecommenderTelemetry.Tags.ModelVersion, modelVersion);
        }

        _trainingRuns.Add(1, tags);
        _trainingDuration.Record(duration.TotalSeconds, tags);
    }

    public static string ReasonTag(FallbackReason reason) => reason switch
    {
        FallbackReason.Flag => "flag",
        FallbackReason.NoModel => "no_model",
        FallbackReason.Error => "error",
        FallbackReason.Timeout => "timeout",
        _ => "none",
    };

    public static string OutcomeTag(TrainingOutcome outcome) => outcome switch
    {
        TrainingOutcome.Activated => "activated",
        TrainingOutcome.Rejected => "rejected",
        TrainingOutcome.Failed => "failed",
        TrainingOutcome.Cancelled => "cancelled",
        TrainingOutcome.Skipped => "skipped",
        _ => "running",
    };

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
