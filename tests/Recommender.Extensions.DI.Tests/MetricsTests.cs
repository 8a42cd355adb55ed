using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Serving;

namespace Recommender.Extensions.DI.Tests;

/// <summary>The engine's instruments, read through the host's <see cref="IMeterFactory"/>.</summary>
public sealed class MetricsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_Results_Cache_Training_AndModelAge_AreMeasured()
    {
        await using var host = TestHost.Create(o => o.Training.Schedule = string.Empty);
        host.Source.Hold(); // hold the training at start: the first answer comes from the fallback
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(meters, RecommenderTelemetry.Name, RecommenderTelemetry.RequestDuration);
        using var results = new MetricCollector<long>(meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);
        using var cache = new MetricCollector<long>(meters, RecommenderTelemetry.Name, RecommenderTelemetry.CacheLookups);
        using var runs = new MetricCollector<long>(meters, RecommenderTelemetry.Name, RecommenderTelemetry.TrainingRuns);
        using var age = new MetricCollector<double>(meters, RecommenderTelemetry.Name, RecommenderTelemetry.ModelAge);
        await host.StartAsync();
        var recommender = host.Services.GetRequiredService<IRecommender>();
        var user = TestFeed.UserId(1, 2);

        var fallback = await recommender.RankAsync(user, ["p1-1", "p1-2", "p1-3"], cancellationToken: Token);
        host.Source.Release();
        await host.NextRunAsync();
        var first = await recommender.RankAsync(user, ["p1-4", "p1-5", "p1-6"], cancellationToken: Token);
        var second = await recommender.RankAsync(user, ["p1-4", "p1-5", "p1-6"], cancellationToken: Token);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        age.RecordObservableInstruments();

        Assert.Equal(FallbackReason.NoModel, fallback.FallbackReason);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(3, duration.GetMeasurementSnapshot().Count);
        Assert.All(duration.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));

        var answers = results.GetMeasurementSnapshot();
        Assert.Equal(3, answers.Count);
        Assert.Single(answers, m => m.Tags[RecommenderTelemetry.Tags.Source] as string == "fallback" && m.Tags[RecommenderTelemetry.Tags.FallbackReason] as string == "no_model");
        Assert.Equal(2, answers.Count(m => m.Tags[RecommenderTelemetry.Tags.Source] as string == "model" && !m.Tags.ContainsKey(RecommenderTelemetry.Tags.FallbackReason)));

        var lookups = cache.GetMeasurementSnapshot();
        Assert.Single(lookups, m => m.Tags[RecommenderTelemetry.Tags.Cache] as string == "hit");
        Assert.Contains(lookups, m => m.Tags[RecommenderTelemetry.Tags.Cache] as string == "miss");

        var run = Assert.Single(runs.GetMeasurementSnapshot());
        Assert.Equal("activated", run.Tags[RecommenderTelemetry.Tags.Outcome]);

        Assert.Equal(600, age.LastMeasurement?.Value);
    }

    [Fact]
    public async Task CachedAnswer_ExpiresAfterCacheDuration_OnTheContainersClock()
    {
        await using var host = TestHost.Create(o =>
        {
            o.Training.Schedule = string.Empty;
            o.Serving.CacheDuration = TimeSpan.FromMinutes(5);
        });
        await host.StartAsync();
        await host.NextRunAsync();
        var recommender = host.Services.GetRequiredService<IRecommender>();
        var user = TestFeed.UserId(0, 1);

        await recommender.RankAsync(user, ["p0-4", "p0-5"], cancellationToken: Token);
        host.Time.Advance(TimeSpan.FromMinutes(4));
        var cached = await recommender.RankAsync(user, ["p0-4", "p0-5"], cancellationToken: Token);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var expired = await recommender.RankAsync(user, ["p0-4", "p0-5"], cancellationToken: Token);

        Assert.True(cached.FromCache);
        Assert.False(expired.FromCache);
    }
}
