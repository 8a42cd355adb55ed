using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineRealtimeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordEngagement_LikedPost_IsNotRecommendedOrRankedAgain()
    {
        await using var t = await ServingWorld.StartAsync();
        using var recorded = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.EngagementsRecorded);
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(60);
        var ranked = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        var top = ranked.Items[0].PostId;

        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Engine.RecordEngagementAsync(new Engagement(user, top, EngagementKind.Like, t.Time.GetUtcNow()), Token);
        var reranked = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.False(reranked.FromCache);
        Assert.DoesNotContain(reranked.Items, i => i.PostId == top);
        Assert.Equal(ranked.Items.Count - 1, reranked.Items.Count);
        Assert.Single(recorded.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task RecordEngagement_NewUsersLikes_FoldInTheirTaste()
    {
        // A user unknown to the model likes a few posts of one topic. Candidates: the ten newest posts of that topic
        // and the thirty newest of other topics, so freshness does not decide; a newcomer's ranking knows no topic.
        await using var t = await ServingWorld.StartAsync();
        var posts = ServingWorld.RecentPosts(600);
        var topic = posts[^1].Tags[0];
        var onTopic = posts.Where(p => p.Tags.Count > 0 && p.Tags[0] == topic).ToList();
        var liked = onTopic.SkipLast(10).TakeLast(6).ToList();
        var topicIds = onTopic.TakeLast(10).Select(p => p.Id).ToHashSet();
        var candidates = topicIds.Concat(posts.Where(p => p.Tags.Count > 0 && p.Tags[0] != topic).TakeLast(30).Select(p => p.Id)).ToList();
        var before = await t.Engine.RankAsync("newcomer", candidates, cancellationToken: Token);

        t.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var post in liked)
        {
            await t.Engine.RecordEngagementAsync(new Engagement("newcomer", post.Id, EngagementKind.Like, t.Time.GetUtcNow()), Token);
        }

        var after = await t.Engine.RankAsync("newcomer", candidates, cancellationToken: Token);
        double MeanRank(RecommendationResult r) => r.Items.Select((item, rank) => (item, rank)).Where(x => topicIds.Contains(x.item.PostId)).Average(x => x.rank);

        Assert.False(after.FromCache);
        Assert.True(MeanRank(after) < MeanRank(before) - 5, $"on-topic mean rank {MeanRank(before):F1} -> {MeanRank(after):F1}");
    }

    [Fact]
    public async Task RecordEngagement_KnownUsersFactors_AreFoldedInAgain()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(80);
        var before = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        var liked = before.Items[^1].PostId;

        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Engine.RecordEngagementAsync(new Engagement(user, liked, EngagementKind.Share, t.Time.GetUtcNow()), Token);
        var after = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        var scoresBefore = before.Items.ToDictionary(i => i.PostId, i => i.Score);
        var changed = after.Items.Count(i => scoresBefore.TryGetValue(i.PostId, out var s) && s != i.Score);
        Assert.True(changed > after.Items.Count / 2, $"only {changed} of {after.Items.Count} scores changed");
    }

    [Fact]
    public async Task RecordEngagement_WithoutAModel_IsKeptForTheHeuristic()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        var ids = ServingWorld.RecentPostIds(20);

        await t.Engine.RecordEngagementAsync(new Engagement("u", ids[3], EngagementKind.Like, t.Time.GetUtcNow()), Token);
        var result = await t.Engine.RankAsync("u", ids, cancellationToken: Token);

        Assert.Equal(FallbackReason.NoModel, result.FallbackReason);
        Assert.DoesNotContain(result.Items, i => i.PostId == ids[3]); // seen posts are dropped by the heuristic too
    }

    [Fact]
    public async Task RecordEngagement_RecentEngagementsPerUserZero_StillCountsPopularity_ButKeepsNoHistory()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.RecentEngagementsPerUser = 0);
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(30);
        var before = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        await t.Engine.RecordEngagementAsync(new Engagement(user, before.Items[0].PostId, EngagementKind.Like, t.Time.GetUtcNow()), Token);
        var after = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.True(after.FromCache);
    }

    [Fact]
    public async Task RecordEngagement_OnPostsTheModelDoesNotKnow_StillFoldsIn()
    {
        await using var t = await ServingWorld.StartAsync();
        var late = RecommenderEngineRankTests.LatePosts(t, 2);
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(20).Concat(late.Select(p => p.Id)).ToList();
        await t.Engine.RankAsync(user, ids, cancellationToken: Token); // the late posts are now known to the engine

        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Engine.RecordEngagementAsync(new Engagement(user, late[0].Id, EngagementKind.Like, t.Time.GetUtcNow()), Token);
        await t.Engine.RecordEngagementAsync(new Engagement(user, "known-nowhere", EngagementKind.Share, t.Time.GetUtcNow()), Token);
        await t.Engine.RecordEngagementAsync(new Engagement(user, ids[0], EngagementKind.Hide, t.Time.GetUtcNow()), Token);
        var result = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.DoesNotContain(result.Items, i => i.PostId == late[0].Id || i.PostId == ids[0]);
    }

    [Fact]
    public async Task RecordEngagement_BadInput_IsAProgrammerError()
    {
        await using var t = await ServingWorld.StartAsync();
        var now = t.Time.GetUtcNow();

        Assert.Contains("engagement.UserId", (await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement("", "p", EngagementKind.Like, now), Token))).Message, StringComparison.Ordinal);
        Assert.Contains("engagement.PostId", (await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement("u", null!, EngagementKind.Like, now), Token))).Message, StringComparison.Ordinal);
        Assert.Contains("Kind 42", (await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement("u", "p", (EngagementKind)42, now), Token))).Message, StringComparison.Ordinal);
        Assert.Contains("Weight", (await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement("u", "p", EngagementKind.Like, now, float.NaN), Token))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(default, Token));
    }

    [Fact]
    public async Task RecordEngagement_NewModel_ForgetsWhatItAlreadyKnows()
    {
        // Engagements recorded before a model's training time are part of its data: the user's fold-in is dropped.
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(30);
        var before = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        // Recorded "in the past", before model v2's training time.
        await t.Engine.RecordEngagementAsync(new Engagement(user, before.Items[0].PostId, EngagementKind.Like, ServingWorld.Now.AddMinutes(-1)), Token);
        Assert.DoesNotContain((await t.Engine.RankAsync(user, ids, cancellationToken: Token)).Items, i => i.PostId == before.Items[0].PostId);

        await t.PublishAsync(await ServingWorld.ModelA, "v2");
        var after = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.Equal("v2", after.ModelVersion);
        Assert.Equal(before.Items.Select(i => (i.PostId, i.Score)), after.Items.Select(i => (i.PostId, i.Score)));
    }
}
