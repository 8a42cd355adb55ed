using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineFallbackTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoActiveModel_HeuristicAnswers_MarkedNoModel()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        using var results = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);
        var ids = ServingWorld.RecentPostIds(30);

        var ranked = await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        var recommended = await t.Engine.RecommendAsync("u", 10, cancellationToken: Token);

        foreach (var result in new[] { ranked, recommended })
        {
            AssertFallback(result, FallbackReason.NoModel);
        }

        Assert.Equal(30, ranked.Items.Count);
        Assert.Equal(10, recommended.Items.Count); // the heuristic draws from the posts of the warm-up window
        Assert.All(results.GetMeasurementSnapshot(), m => Assert.Equal("no_model", m.Tags[RecommenderTelemetry.Tags.FallbackReason]));
        Assert.Equal(2, results.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Fallback_IsNotCached_TheNextRequestTriesTheModelAgain()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        var ids = ServingWorld.RecentPostIds(30);
        var before = await t.Engine.RankAsync("u", ids, cancellationToken: Token);

        await t.PublishAsync(await ServingWorld.ModelA, "v1");
        var after = await t.Engine.RankAsync("u", ids, cancellationToken: Token);

        Assert.Equal(RecommendationSource.Fallback, before.Source);
        Assert.Equal(RecommendationSource.Model, after.Source);
        Assert.False(after.FromCache);
    }

    [Fact]
    public async Task DataSourceThrows_HeuristicAnswers_MarkedError_AndCounted()
    {
        await using var t = await ServingWorld.StartAsync();
        using var results = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);
        var late = RecommenderEngineRankTests.LatePosts(t, 4);
        var known = ServingWorld.RecentPostIds(6);
        t.Source.OnFind = (_, _) => throw new InvalidOperationException("database is down");

        var result = await t.Engine.RankAsync("u", [.. known, .. late.Select(p => p.Id)], cancellationToken: Token);

        AssertFallback(result, FallbackReason.Error);
        // Ids known only to the failing source still take part (ranked by what is known locally: nothing).
        Assert.Equal(10, result.Items.Count);
        var m = Assert.Single(results.GetMeasurementSnapshot());
        Assert.Equal("fallback", m.Tags[RecommenderTelemetry.Tags.Source]);
        Assert.Equal("error", m.Tags[RecommenderTelemetry.Tags.FallbackReason]);
        Assert.Equal("rank", m.Tags[RecommenderTelemetry.Tags.Operation]);

        t.Source.OnFind = null;
        var recovered = await t.Engine.RankAsync("u", [.. known, .. late.Select(p => p.Id)], cancellationToken: Token);
        Assert.Equal(RecommendationSource.Model, recovered.Source);
    }

    [Fact]
    public async Task DataSourceHangs_HeuristicAnswersWithinTheBudget_MarkedTimeout()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.TimeBudget = TimeSpan.FromMilliseconds(200));
        using var results = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);
        var late = RecommenderEngineRankTests.LatePosts(t, 4);
        var known = ServingWorld.RecentPostIds(6);
        t.Source.OnFind = async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return [];
        };

        var pending = t.Engine.RankAsync("u", [.. known, .. late.Select(p => p.Id)], cancellationToken: Token).AsTask();
        Assert.False(pending.IsCompleted);
        // The budget runs on the engine's clock: advancing it by the budget, once, must be enough for an answer.
        t.Time.Advance(TimeSpan.FromMilliseconds(200));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10), Token);

        AssertFallback(result, FallbackReason.Timeout);
        Assert.Equal(10, result.Items.Count);
        Assert.Equal("timeout", Assert.Single(results.GetMeasurementSnapshot()).Tags[RecommenderTelemetry.Tags.FallbackReason]);
    }

    [Fact]
    public async Task DataSourceHangs_IgnoringCancellation_StillAnswersWithinTheBudget()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.TimeBudget = TimeSpan.FromMilliseconds(200));
        var late = RecommenderEngineRankTests.LatePosts(t, 4);
        var never = new TaskCompletionSource<IReadOnlyList<Post>>();
        t.Source.OnFind = (_, _) => new ValueTask<IReadOnlyList<Post>>(never.Task);

        var pending = t.Engine.RankAsync("u", [.. late.Select(p => p.Id)], cancellationToken: Token).AsTask();
        t.Time.Advance(TimeSpan.FromMilliseconds(200));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10), Token);

        AssertFallback(result, FallbackReason.Timeout);
    }

    [Fact]
    public async Task DataSourceHangs_RealClock_AnswerArrivesWithinTheBudget()
    {
        // The same with the system clock, measured in wall time (generous slack for a loaded machine).
        var budget = TimeSpan.FromSeconds(1);
        var source = new DelegatingDataSource(ServingWorld.NewData());
        await using var engine = new RecommenderEngine(new RecommenderOptions { Serving = { TimeBudget = budget } }, source);
        await engine.InitializeAsync(Token);
        await engine.Registry.PublishAsync(ServingWorld.Load(await ServingWorld.ModelA), new global::Recommender.Training.ModelVersionInfo { Version = "v1" }, Token);
        await engine.Registry.ActivateAsync("v1", cancellationToken: Token);
        source.OnFind = async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return [];
        };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await engine.RankAsync("u", ["not-anywhere-1", "not-anywhere-2"], cancellationToken: Token);
        watch.Stop();

        AssertFallback(result, FallbackReason.Timeout);
        Assert.True(watch.Elapsed < budget * 1.6, $"answered after {watch.Elapsed.TotalMilliseconds:F0} ms with a {budget.TotalMilliseconds} ms budget");
    }

    [Fact]
    public async Task MlFlagOff_HeuristicAnswers_MarkedFlag()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false));
        await using var t = await ServingWorld.StartAsync(flags: flags);
        using var results = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.Results);

        AssertFallback(await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token), FallbackReason.Flag);
        AssertFallback(await t.Engine.RecommendAsync("u", 10, cancellationToken: Token), FallbackReason.Flag);
        Assert.Equal(["flag", "flag"], results.GetMeasurementSnapshot().Select(m => (string)m.Tags[RecommenderTelemetry.Tags.FallbackReason]!));
        Assert.Equal(["rank", "recommend"], results.GetMeasurementSnapshot().Select(m => (string)m.Tags[RecommenderTelemetry.Tags.Operation]!));
    }

    [Fact]
    public async Task Heuristic_RanksByPopularity_AndRealTimeEngagementsCountAtOnce()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false));
        await using var t = await ServingWorld.StartAsync(flags: flags);
        var ids = ServingWorld.RecentPostIds(30);
        var before = await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        var last = before.Items[^1].PostId;

        for (var i = 0; i < 30; i++)
        {
            await t.Engine.RecordEngagementAsync(new Engagement($"fan-{i}", last, EngagementKind.Share, t.Time.GetUtcNow()), Token);
        }

        var after = await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        Assert.Equal(last, after.Items[0].PostId);
        Assert.All(after.Items, i => Assert.Equal(RecommendationSource.Fallback, i.Source));
    }

    [Fact]
    public async Task FallbackDurations_AreRecorded_WithTheSource()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        using var durations = new MetricCollector<double>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.RequestDuration);

        await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(5), cancellationToken: Token);

        var m = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("fallback", m.Tags[RecommenderTelemetry.Tags.Source]);
        Assert.Equal("no_model", m.Tags[RecommenderTelemetry.Tags.FallbackReason]);
        Assert.False(m.Tags.ContainsKey(RecommenderTelemetry.Tags.Cache)); // no model, so no cache lookup
        Assert.True(m.Value >= 0);
    }

    internal static void AssertFallback(RecommendationResult result, FallbackReason reason)
    {
        Assert.Equal(RecommendationSource.Fallback, result.Source);
        Assert.Equal(reason, result.FallbackReason);
        Assert.Null(result.ModelVersion);
        Assert.False(result.FromCache);
        Assert.All(result.Items, i => Assert.Equal(RecommendationSource.Fallback, i.Source));
    }
}
