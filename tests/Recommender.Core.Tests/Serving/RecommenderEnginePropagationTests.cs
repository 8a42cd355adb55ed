using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

/// <summary>
/// <see cref="RecommenderEngine.UseEngagementPropagation"/>: recorded engagements are published, delivered ones
/// applied like recorded ones, repeats counted once, bad deliveries counted and never thrown.
/// </summary>
public class RecommenderEnginePropagationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordEngagement_WithPropagation_PublishesIt()
    {
        await using var t = await ServingWorld.StartAsync();
        var propagation = new FakePropagation();
        t.Engine.UseEngagementPropagation(propagation);
        var like = new Engagement(ServingWorld.ActiveUser, ServingWorld.RecentPostIds(1)[0], EngagementKind.Like, t.Time.GetUtcNow());

        await t.Engine.RecordEngagementAsync(like, Token);

        Assert.Equal([like], propagation.Published);
    }

    [Fact]
    public async Task DeliveredEngagement_IsApplied_ThePostIsNotRankedAgain_AndTheUsersCountsIncludeIt()
    {
        await using var t = await ServingWorld.StartAsync();
        var propagation = new FakePropagation();
        t.Engine.UseEngagementPropagation(propagation);
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(60);
        var top = (await t.Engine.RankAsync(user, ids, cancellationToken: Token)).Items[0].PostId;
        var likes = (await t.Engine.GetUserFeaturesAsync(user, Token)).CountsByKind[(int)EngagementKind.Like];

        t.Time.Advance(TimeSpan.FromMinutes(1));
        propagation.Deliver(new Engagement(user, top, EngagementKind.Like, t.Time.GetUtcNow()));

        var reranked = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        Assert.False(reranked.FromCache);
        Assert.DoesNotContain(reranked.Items, i => i.PostId == top);
        Assert.Equal(likes + 1, (await t.Engine.GetUserFeaturesAsync(user, Token)).CountsByKind[(int)EngagementKind.Like]);
        Assert.Empty(propagation.Published); // not sent back out
    }

    [Fact]
    public async Task SameEngagementRecordedAndDelivered_ToTheMicrosecond_CountsOnce()
    {
        await using var t = await ServingWorld.StartAsync();
        using var ignored = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.EngagementsIgnored);
        var propagation = new FakePropagation();
        t.Engine.UseEngagementPropagation(propagation);
        var user = ServingWorld.ActiveUser;
        var likes = (await t.Engine.GetUserFeaturesAsync(user, Token)).CountsByKind[(int)EngagementKind.Like];
        var at = t.Time.GetUtcNow().AddTicks(7); // sub-microsecond ticks, as .NET has and timestamptz has not
        var like = new Engagement(user, ServingWorld.RecentPostIds(1)[0], EngagementKind.Like, at);

        await t.Engine.RecordEngagementAsync(like, Token);
        propagation.Deliver(like);
        propagation.Deliver(like with { Timestamp = at.AddTicks(-(at.UtcTicks % 10)) }); // read back from PostgreSQL
        await t.Engine.RecordEngagementAsync(like, Token);

        Assert.Equal(likes + 1, (await t.Engine.GetUserFeaturesAsync(user, Token)).CountsByKind[(int)EngagementKind.Like]);
        Assert.Single(propagation.Published);
        Assert.Equal(3, ignored.GetMeasurementSnapshot().Count(m => (string?)m.Tags[RecommenderTelemetry.Tags.Reason] == "duplicate"));
    }

    [Fact]
    public async Task MalformedDelivery_IsCountedAsInvalid_NeverThrown()
    {
        await using var t = await ServingWorld.StartAsync();
        using var ignored = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.EngagementsIgnored);
        var propagation = new FakePropagation();
        t.Engine.UseEngagementPropagation(propagation);

        propagation.Deliver(new Engagement(string.Empty, "p", EngagementKind.Like, t.Time.GetUtcNow()));
        propagation.Deliver(new Engagement("u", "p", (EngagementKind)99, t.Time.GetUtcNow()));
        propagation.Deliver(new Engagement("u", new string('p', 300), EngagementKind.Like, t.Time.GetUtcNow()));

        Assert.Equal(3, ignored.GetMeasurementSnapshot().Count(m => (string?)m.Tags[RecommenderTelemetry.Tags.Reason] == "invalid"));
    }

    [Fact]
    public async Task Dispose_EndsTheSubscription_AndASecondPropagationIsRefused()
    {
        var t = await ServingWorld.StartAsync();
        var propagation = new FakePropagation();
        t.Engine.UseEngagementPropagation(propagation);
        Assert.Throws<InvalidOperationException>(() => t.Engine.UseEngagementPropagation(new FakePropagation()));

        await t.DisposeAsync();

        Assert.True(propagation.Unsubscribed);
    }

    private sealed class FakePropagation : IEngagementPropagation
    {
        private Action<Engagement>? _apply;

        public List<Engagement> Published { get; } = [];

        public bool Unsubscribed { get; private set; }

        public void Publish(Engagement engagement) => Published.Add(engagement);

        public IDisposable Subscribe(Action<Engagement> apply)
        {
            _apply = apply;
            return new Unsubscriber(this);
        }

        public void Deliver(Engagement engagement) => _apply!(engagement);

        private sealed class Unsubscriber(FakePropagation owner) : IDisposable
        {
            public void Dispose() => owner.Unsubscribed = true;
        }
    }
}
