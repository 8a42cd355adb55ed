using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;

namespace Recommender.Core.Tests.Serving;

/// <summary>
/// Engagements recorded live with a timestamp beyond Weighting:MaxClockSkew after the
/// engine's clock, or a weight beyond the documented range, are ignored and counted (issue 13, item 10).
/// </summary>
public sealed class RecommenderEngineClockSkewTests
{
    private static readonly DateTimeOffset Year9999 = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordEngagement_Dated9999_IsIgnored_AndDoesNotChangeTheFallback()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.CacheDuration = TimeSpan.Zero, activate: false);
        using var recorded = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.EngagementsRecorded);
        var candidates = ServingWorld.RecentPostIds(40);
        var before = await t.Engine.RankAsync("a-newcomer", candidates, cancellationToken: Token);
        var last = before.Items[^1].PostId;

        for (var i = 0; i < 50; i++)
        {
            await t.Engine.RecordEngagementAsync(new Engagement($"fan{i}", last, EngagementKind.Share, Year9999), Token);
            await t.Engine.RecordEngagementAsync(new Engagement($"fan{i}", last, EngagementKind.Share, t.Time.GetUtcNow().AddDays(2)), Token);
        }

        var after = await t.Engine.RankAsync("another-newcomer", candidates, cancellationToken: Token);

        Assert.Empty(recorded.GetMeasurementSnapshot());
        Assert.Equal(before.Items.Select(i => i.PostId), after.Items.Select(i => i.PostId));
    }

    [Fact]
    public async Task RecordEngagement_WithinTheSkew_IsRecorded()
    {
        await using var t = await ServingWorld.StartAsync();
        using var recorded = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.EngagementsRecorded);

        await t.Engine.RecordEngagementAsync(new Engagement("u", "p", EngagementKind.Like, t.Time.GetUtcNow().AddHours(23)), Token);

        Assert.Single(recorded.GetMeasurementSnapshot());
    }
}
