using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Telemetry;

/// <summary>
/// What an OpenTelemetry user sees with <c>AddSource("Recommender")</c>: spans collected with an
/// <see cref="ActivityListener"/>, kept to the test's own trace (tests run in parallel), and the metrics' tags.
/// </summary>
public sealed class RecommenderTracingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rank_ModelServes_SpanCarriesVersionVariantSourceCandidatesAndCache()
    {
        await using var t = await ServingWorld.StartAsync();
        using var spans = new SpanCollector();

        using (spans.Trace())
        {
            await t.Engine.RankAsync(ServingWorld.ActiveUser, ServingWorld.RecentPostIds(12), cancellationToken: Token);
            await t.Engine.RankAsync(ServingWorld.ActiveUser, ServingWorld.RecentPostIds(12), cancellationToken: Token);
        }

        var ranks = spans.Named(RecommenderTelemetry.Spans.Rank);
        Assert.Equal(2, ranks.Count);
        Assert.All(ranks, span =>
        {
            Assert.Equal("v1", span.GetTagItem(RecommenderTelemetry.Tags.ModelVersion));
            Assert.Equal(ModelVariants.Default, span.GetTagItem(RecommenderTelemetry.Tags.Variant));
            Assert.Equal("model", span.GetTagItem(RecommenderTelemetry.Tags.Source));
            Assert.Equal(12, span.GetTagItem(RecommenderTelemetry.Tags.Candidates));
            Assert.Null(span.GetTagItem(RecommenderTelemetry.Tags.FallbackReason));
            Assert.Equal(ActivityKind.Internal, span.Kind);
        });
        Assert.Equal(["miss", "hit"], ranks.Select(s => (string)s.GetTagItem(RecommenderTelemetry.Tags.Cache)!));
    }

    [Fact]
    public async Task Recommend_NoModel_SpanSaysFallbackAndWhy()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        using var spans = new SpanCollector();

        using (spans.Trace())
        {
            await t.Engine.RecommendAsync("u", 7, cancellationToken: Token);
        }

        var span = Assert.Single(spans.Named(RecommenderTelemetry.Spans.Recommend));
        Assert.Equal("fallback", span.GetTagItem(RecommenderTelemetry.Tags.Source));
        Assert.Equal("no_model", span.GetTagItem(RecommenderTelemetry.Tags.FallbackReason));
        Assert.Equal(7, span.GetTagItem(RecommenderTelemetry.Tags.Count));
        Assert.Null(span.GetTagItem(RecommenderTelemetry.Tags.ModelVersion));
    }

    [Fact]
    public async Task RankBatch_OneBatchSpan_WithARankSpanPerRequestBeneathIt()
    {
        await using var t = await ServingWorld.StartAsync();
        using var spans = new SpanCollector();
        var ids = ServingWorld.RecentPostIds(5);

        using (spans.Trace())
        {
            await t.Engine.RankBatchAsync([new RankRequest("a", ids), new RankRequest("b", ids), new RankRequest("c", ids)], Token);
            await t.Engine.RecommendBatchAsync(["a", "b"], 3, cancellationToken: Token);
        }

        var batch = Assert.Single(spans.Named(RecommenderTelemetry.Spans.RankBatch));
        Assert.Equal(3, batch.GetTagItem(RecommenderTelemetry.Tags.BatchSize));
        var ranks = spans.Named(RecommenderTelemetry.Spans.Rank);
        Assert.Equal(3, ranks.Count);
        Assert.All(ranks, r => Assert.Equal(batch.SpanId, r.ParentSpanId));
        var recommendBatch = Assert.Single(spans.Named(RecommenderTelemetry.Spans.RecommendBatch));
        Assert.All(spans.Named(RecommenderTelemetry.Spans.Recommend), r => Assert.Equal(recommendBatch.SpanId, r.ParentSpanId));
    }

    [Fact]
    public async Task Training_SpanWithItsPhases_FitEvaluateSaveLoadActivate_AndTheOutcome()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        using var spans = new SpanCollector();

        TrainingRunResult result;
        using (spans.Trace())
        {
            result = await t.Engine.Training.TrainAsync(Token);
        }

        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        var training = Assert.Single(spans.Named(RecommenderTelemetry.Spans.Training));
        Assert.Equal(result.RunId, training.GetTagItem(RecommenderTelemetry.Tags.RunId));
        Assert.Equal("activated", training.GetTagItem(RecommenderTelemetry.Tags.Outcome));
        Assert.Equal(result.ModelVersion, training.GetTagItem(RecommenderTelemetry.Tags.ModelVersion));
        foreach (var phase in new[] { RecommenderTelemetry.Spans.TrainingFit, RecommenderTelemetry.Spans.TrainingEvaluate, RecommenderTelemetry.Spans.ModelSave, RecommenderTelemetry.Spans.ModelActivate })
        {
            Assert.Equal(training.SpanId, Assert.Single(spans.Named(phase)).ParentSpanId);
        }

        var fit = Assert.Single(spans.Named(RecommenderTelemetry.Spans.TrainingFit));
        Assert.Contains(fit.Events, e => e.Name == "reading");
        Assert.Contains(fit.Events, e => e.Name == "done");
        var save = Assert.Single(spans.Named(RecommenderTelemetry.Spans.ModelSave));
        Assert.Equal(result.ModelVersion, save.GetTagItem(RecommenderTelemetry.Tags.ModelVersion));

        // Loaded twice: the load-back check, then the activation's load (beneath the activation span).
        var loads = spans.Named(RecommenderTelemetry.Spans.ModelLoad);
        Assert.Equal(2, loads.Count);
        Assert.All(loads, l => Assert.Equal(result.ModelVersion, l.GetTagItem(RecommenderTelemetry.Tags.ModelVersion)));
        var activate = Assert.Single(spans.Named(RecommenderTelemetry.Spans.ModelActivate));
        Assert.Contains(loads, l => l.ParentSpanId == activate.SpanId && (string?)l.GetTagItem(RecommenderTelemetry.Tags.Variant) == ModelVariants.Default);
    }

    [Fact]
    public async Task Metrics_CarryTheSameTags_VersionAndVariant()
    {
        await using var t = await ServingWorld.StartAsync();
        using var durations = new MetricCollector<double>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.RequestDuration);
        using var results = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);

        await t.Engine.RankAsync(ServingWorld.ActiveUser, ServingWorld.RecentPostIds(8), cancellationToken: Token);

        var d = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("v1", d.Tags[RecommenderTelemetry.Tags.ModelVersion]);
        Assert.Equal(ModelVariants.Default, d.Tags[RecommenderTelemetry.Tags.Variant]);
        Assert.Equal("model", d.Tags[RecommenderTelemetry.Tags.Source]);
        Assert.Equal("rank", d.Tags[RecommenderTelemetry.Tags.Operation]);
        Assert.Equal("miss", d.Tags[RecommenderTelemetry.Tags.Cache]);
        var r = Assert.Single(results.GetMeasurementSnapshot());
        Assert.Equal("v1", r.Tags[RecommenderTelemetry.Tags.ModelVersion]);
        Assert.All(d.Tags.Keys, k => Assert.StartsWith("recommender.", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DurationHistograms_AdviseBuckets_From10MicrosecondsTo10Seconds_ResolvingA90MicrosecondRank()
    {
        await using var t = await ServingWorld.StartAsync();
        var advised = new ConcurrentDictionary<string, IReadOnlyList<double>?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RecommenderTelemetry.Name && instrument is Histogram<double> histogram)
                {
                    advised[instrument.Name] = histogram.Advice?.HistogramBucketBoundaries;
                }
            },
        };
        listener.Start();

        foreach (var name in new[] { RecommenderTelemetry.RequestDuration, RecommenderTelemetry.TrainingDuration })
        {
            var buckets = advised.GetValueOrDefault(name);
            Assert.NotNull(buckets);
            Assert.Equal(RecommenderTelemetry.DurationBuckets, buckets);
            Assert.Equal(0.000_01, buckets[0]);
            Assert.Equal(10, buckets[^1]);
            Assert.Equal(buckets.Order(), buckets);
            var below = buckets.Last(b => b < 0.000_09);
            var above = buckets.First(b => b >= 0.000_09);
            Assert.True(above / below <= 2, $"a 90 us rank lies in ({below}, {above}]");
            Assert.True(buckets.Count(b => b < 0.000_09) >= 3, "buckets below a typical rank, for the fast ones");
        }
    }

    /// <summary>Collects the spans of Recommender's source that belong to this test's trace.</summary>
    private sealed class SpanCollector : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _spans = new();
        private ActivityTraceId _trace;

        public SpanCollector()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == RecommenderTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.Source.Name == RecommenderTelemetry.Name && a.TraceId == _trace)
                    {
                        _spans.Enqueue(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>Starts the test's root span: Recommender's spans beneath it are collected.</summary>
        public Activity Trace()
        {
            // Started by hand, not from a source: needs no listener, and Recommender's spans become its children.
            var root = new Activity("recommender-tracing-test").SetIdFormat(ActivityIdFormat.W3C).Start();
            _trace = root.TraceId;
            return root;
        }

        public List<Activity> Named(string name) => [.. _spans.Where(s => s.OperationName == name).OrderBy(s => s.StartTimeUtc)];

        public void Dispose() => _listener.Dispose();
    }
}
