using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineCacheTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameRequest_IsServedFromTheCache_WithTheSameAnswer()
    {
        await using var t = await ServingWorld.StartAsync();
        using var lookups = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.CacheLookups);
        var ids = ServingWorld.RecentPostIds(30);

        var first = await t.Engine.RankAsync(ServingWorld.ActiveUser, ids, cancellationToken: Token);
        var second = await t.Engine.RankAsync(ServingWorld.ActiveUser, ids, cancellationToken: Token);
        var recommendFirst = await t.Engine.RecommendAsync(ServingWorld.ActiveUser, 10, cancellationToken: Token);
        var recommendSecond = await t.Engine.RecommendAsync(ServingWorld.ActiveUser, 10, cancellationToken: Token);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Same(first.Items, second.Items);
        Assert.Equal(first with { FromCache = true }, second);
        Assert.False(recommendFirst.FromCache);
        Assert.True(recommendSecond.FromCache);
        Assert.Equal(["miss", "hit", "miss", "hit"], lookups.GetMeasurementSnapshot().Select(m => (string)m.Tags[RecommenderTelemetry.Tags.Cache]!));
    }

    [Fact]
    public async Task CachedAnswer_ExpiresAfterCacheDuration_OnTheEnginesClock()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(30);
        await t.Engine.RankAsync("u", ids, cancellationToken: Token);

        t.Time.Advance(TimeSpan.FromMinutes(29));
        var before = await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        t.Time.Advance(TimeSpan.FromMinutes(1.5));
        var after = await t.Engine.RankAsync("u", ids, cancellationToken: Token);

        Assert.True(before.FromCache);
        Assert.False(after.FromCache);
    }

    [Fact]
    public async Task CacheDuration_IsConfigurable()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.CacheDuration = TimeSpan.FromMinutes(5));
        await t.Engine.RecommendAsync("u", 5, cancellationToken: Token);

        t.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).FromCache);
        t.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).FromCache);
    }

    [Fact]
    public async Task CacheDurationZero_NeverCaches_NorCountsLookups()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.CacheDuration = TimeSpan.Zero);
        using var lookups = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.CacheLookups);
        var ids = ServingWorld.RecentPostIds(30);

        var results = new List<RecommendationResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await t.Engine.RankAsync("u", ids, cancellationToken: Token));
        }

        Assert.All(results, r => Assert.False(r.FromCache));
        Assert.All(results, r => Assert.Equal(RecommendationSource.Model, r.Source));
        Assert.Empty(lookups.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task NewModelVersion_NeverServesTheOldVersionsCachedAnswer()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(40);
        var user = ServingWorld.ActiveUser;
        var v1 = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        Assert.True((await t.Engine.RankAsync(user, ids, cancellationToken: Token)).FromCache);

        await t.PublishAsync(await ServingWorld.ModelB, "v2");
        var v2 = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.Equal("v2", v2.ModelVersion);
        Assert.False(v2.FromCache);
        Assert.NotEqual(v1.Items.Select(i => i.Score), v2.Items.Select(i => i.Score));
        var rolledBack = await t.Engine.Registry.RollbackAsync(cancellationToken: Token);
        Assert.Equal("v1", rolledBack!.Version);
        var again = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        Assert.Equal("v1", again.ModelVersion);
        Assert.Equal(v1.Items.Select(i => (i.PostId, i.Score)), again.Items.Select(i => (i.PostId, i.Score)));
    }

    [Fact]
    public async Task NewEngagement_NeverServesTheUsersStaleAnswer_ButOtherUsersKeepTheirs()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var first = await t.Engine.RecommendAsync(user, 10, cancellationToken: Token);
        await t.Engine.RecommendAsync("other", 10, cancellationToken: Token);

        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Engine.RecordEngagementAsync(new Engagement(user, first.Items[0].PostId, EngagementKind.Like, t.Time.GetUtcNow()), Token);
        var next = await t.Engine.RecommendAsync(user, 10, cancellationToken: Token);
        var other = await t.Engine.RecommendAsync("other", 10, cancellationToken: Token);

        Assert.False(next.FromCache);
        Assert.DoesNotContain(next.Items, i => i.PostId == first.Items[0].PostId);
        Assert.True(other.FromCache);
    }

    [Fact]
    public async Task FlagChange_NeverServesAnAnswerComputedUnderOtherFlags()
    {
        var flags = new InMemoryFeatureFlagProvider();
        await using var t = await ServingWorld.StartAsync(flags: flags);
        var ids = ServingWorld.RecentPostIds(30);
        var user = ServingWorld.ActiveUser;
        await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        flags.Set(new FeatureFlag(FeatureFlagNames.PersonalizedFeed, Enabled: false));
        var impersonal = await t.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.False(impersonal.FromCache);
        Assert.All(impersonal.Items, i => Assert.Equal(RecommendationSource.ColdStart, i.Source));
    }

    [Fact]
    public async Task DifferentRequests_DoNotShareAnAnswer()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(30);
        await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        await t.Engine.RecommendAsync("u", 10, cancellationToken: Token);

        Assert.False((await t.Engine.RankAsync("u", [.. ids.Take(29)], cancellationToken: Token)).FromCache);
        Assert.False((await t.Engine.RankAsync("u2", ids, cancellationToken: Token)).FromCache);
        Assert.False((await t.Engine.RankAsync("u", ids, new RankingFilter { ExcludePostIds = [ids[0]] }, Token)).FromCache);
        Assert.False((await t.Engine.RankAsync("u", ids, new RankingFilter { ExcludeAuthorIds = [ids[0]] }, Token)).FromCache);
        Assert.False((await t.Engine.RecommendAsync("u", 11, cancellationToken: Token)).FromCache);
        Assert.False((await t.Engine.RankAsync("u", ServingWorld.RecentPosts(30), cancellationToken: Token)).FromCache);
        Assert.True((await t.Engine.RankAsync("u", ids, new RankingFilter(), Token)).FromCache); // an empty filter is no filter
    }

    [Fact]
    public async Task Filters_WithRepeatedIds_DoNotShareAnAnswer()
    {
        // Two filters that each list one post twice exclude different posts: each answer must honour its own filter.
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(30);
        var excludeA = new RankingFilter { ExcludePostIds = [ids[0], ids[0]] };
        var excludeB = new RankingFilter { ExcludePostIds = [ids[1], ids[1]] };

        var a = await t.Engine.RankAsync("someone-new", ids, excludeA, Token);
        var b = await t.Engine.RankAsync("someone-new", ids, excludeB, Token);

        Assert.DoesNotContain(a.Items, i => i.PostId == ids[0]);
        Assert.DoesNotContain(b.Items, i => i.PostId == ids[1]);
        Assert.False(b.FromCache);
    }

    [Fact]
    public async Task HostDescribedPosts_WithChangedContent_AreNotAnsweredFromTheCache()
    {
        // Posts the host describes (not stored yet) are scored from their content: the cached engine must give what an
        // engine without a cache gives for each description.
        await using var t = await ServingWorld.StartAsync();
        await using var uncached = await ServingWorld.StartAsync(o => o.Serving.CacheDuration = TimeSpan.Zero);
        var template = ServingWorld.RecentPosts(10);
        var user = ServingWorld.ActiveUser;
        List<Post> Posts(Func<Post, Post> change) => [.. template.Select((p, i) => change(p with { Id = $"described-{i}" }))];
        await t.Engine.RankAsync(user, Posts(p => p), cancellationToken: Token);

        foreach (var change in new Func<Post, Post>[]
        {
            p => p with { Tags = ["something-else"] },
            p => p with { Text = "an entirely different text about gardening and tomatoes" },
            p => p with { AuthorId = "another-author" },
            p => p with { CreatedAt = p.CreatedAt.AddDays(-3) },
        })
        {
            var cached = await t.Engine.RankAsync(user, Posts(change), cancellationToken: Token);
            var fresh = await uncached.Engine.RankAsync(user, Posts(change), cancellationToken: Token);
            Assert.Equal(fresh.Items.Select(i => (i.PostId, i.Score)), cached.Items.Select(i => (i.PostId, i.Score)));
        }

        Assert.True((await t.Engine.RankAsync(user, Posts(p => p), cancellationToken: Token)).FromCache);
    }

    [Fact]
    public async Task CacheSizeLimit_BoundsTheBytesKept_NotTheEntries()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.CacheSizeLimit = 1024 * 1024);
        var known = ServingWorld.RecentPostIds(5);

        // Large answers: 1,000 unknown ids of 200 characters each, about 420 KiB an answer: two fit in 1 MiB.
        string[] Large(int request) => [.. known, .. Enumerable.Range(0, 1_000).Select(i => $"{request:D4}-{i:D4}-".PadRight(200, 'x'))];
        for (var request = 0; request < 10; request++)
        {
            await t.Engine.RankAsync("u", Large(request), cancellationToken: Token);
        }

        var largeHits = 0;
        for (var request = 0; request < 10; request++)
        {
            largeHits += (await t.Engine.RankAsync("u", Large(request), cancellationToken: Token)).FromCache ? 1 : 0;
        }

        // Small answers (a few kilobytes): 20 of them fit where two large ones did.
        await using var small = await ServingWorld.StartAsync(o => o.Serving.CacheSizeLimit = 1024 * 1024);
        for (var count = 1; count <= 20; count++)
        {
            await small.Engine.RecommendAsync("u", count, cancellationToken: Token);
        }

        var smallHits = 0;
        for (var count = 1; count <= 20; count++)
        {
            smallHits += (await small.Engine.RecommendAsync("u", count, cancellationToken: Token)).FromCache ? 1 : 0;
        }

        Assert.InRange(largeHits, 0, 2);
        Assert.Equal(20, smallHits);
    }

    [Fact]
    public async Task ConcurrentIdenticalRequests_ComputeOnce()
    {
        await using var t = await ServingWorld.StartAsync();
        var late = RecommenderEngineRankTests.LatePosts(t, 5);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = t.Data;
        t.Source.OnFind = async (ids, token) =>
        {
            await release.Task.WaitAsync(token);
            return await inner.FindPostsAsync(ids, token);
        };
        var ids = late.Select(p => p.Id).ToArray();

        var pending = Enumerable.Range(0, 8).Select(_ => t.Engine.RankAsync("u", ids, cancellationToken: Token).AsTask()).ToArray();
        release.SetResult();
        var results = await Task.WhenAll(pending);

        Assert.Equal(1, t.Source.FindCalls);
        Assert.All(results, r => Assert.Equal(RecommendationSource.Model, r.Source));
        Assert.All(results, r => Assert.Same(results[0].Items, r.Items));
    }

    [Fact]
    public async Task ConcurrentIdenticalRequests_ACallerGivingUp_DoesNotCancelTheOthers()
    {
        await using var t = await ServingWorld.StartAsync();
        var late = RecommenderEngineRankTests.LatePosts(t, 5);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = t.Data;
        t.Source.OnFind = async (ids, token) =>
        {
            await release.Task.WaitAsync(token);
            return await inner.FindPostsAsync(ids, token);
        };
        var ids = late.Select(p => p.Id).ToArray();
        using var impatient = new CancellationTokenSource();

        var first = t.Engine.RankAsync("u", ids, cancellationToken: impatient.Token).AsTask();
        var second = t.Engine.RankAsync("u", ids, cancellationToken: Token).AsTask();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();
        var result = await second;

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal(5, result.Items.Count);
    }
}
