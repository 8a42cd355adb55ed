using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class ResultCacheTests
{
    [Fact]
    public void TryGet_AfterSet_FindsTheAnswer_UntilCacheDurationPasses()
    {
        var time = new FakeTimeProvider(ServingWorld.Now);
        using var metrics = new RecommenderMetrics(null, () => null);
        using var cache = new ResultCache(new ServingOptions { CacheDuration = TimeSpan.FromMinutes(5) }, time, metrics);
        var key = Key("u");
        var answer = Answer("u", 3);

        Assert.False(cache.TryGet(key, out _));
        cache.Set(key, answer);
        Assert.True(cache.TryGet(key, out var found));
        Assert.Same(answer, found);
        Assert.False(cache.TryGet(key with { UserVersion = 1 }, out _));

        time.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(1)));
        Assert.False(cache.TryGet(key, out _));
    }

    [Fact]
    public void Enabled_FollowsCacheDuration()
    {
        using var metrics = new RecommenderMetrics(null, () => null);
        var options = new ServingOptions();
        using var cache = new ResultCache(options, TimeProvider.System, metrics);

        Assert.True(cache.Enabled);
        options.CacheDuration = TimeSpan.Zero;
        Assert.False(cache.Enabled);
    }

    [Fact]
    public void EstimateBytes_CountsItemsReasonsAndUnknownIds()
    {
        var key = Key("user-1");
        var empty = Answer("user-1", 0);
        var items = Answer("user-1", 100);
        var unknown = empty with { UnknownCandidates = [.. Enumerable.Range(0, 1_000).Select(i => $"{i}".PadRight(200, 'x'))] };

        var emptyBytes = ResultCache.EstimateBytes(key, empty);
        Assert.InRange(emptyBytes, ResultCache.EntryOverheadBytes, ResultCache.EntryOverheadBytes + 200);

        // 100 items: 24 bytes in the array, an id of 8 characters (40 bytes) and one reason of 12 (48 bytes, in an array of one).
        Assert.Equal(emptyBytes + (100 * (24 + 40 + 32 + 48)), ResultCache.EstimateBytes(key, items));

        // 1,000 unknown ids of 200 characters: 424 bytes each and 8 in the list.
        Assert.Equal(emptyBytes + 24 + (1_000 * (424 + 8)), ResultCache.EstimateBytes(key, unknown));
    }

    [Fact]
    public void Set_BeyondTheByteLimit_KeepsAtMostWhatFits()
    {
        using var metrics = new RecommenderMetrics(null, () => null);
        using var cache = new ResultCache(new ServingOptions { CacheSizeLimit = 1024 * 1024 }, new FakeTimeProvider(ServingWorld.Now), metrics, trackStatistics: true);
        var big = Answer("u", 0) with { UnknownCandidates = [.. Enumerable.Range(0, 1_000).Select(i => $"{i}".PadRight(200, 'x'))] };
        var size = ResultCache.EstimateBytes(Key("u"), big);

        for (var i = 0; i < 20; i++)
        {
            cache.Set(Key("u") with { HashLow = (ulong)i }, big);
        }

        Assert.InRange(cache.Count, 1, (int)((1024 * 1024) / size));
        Assert.InRange(cache.CurrentBytes!.Value, size, 1024 * 1024);
    }

    private static RequestKey Key(string userId) => new(RequestKey.Rank, userId, "default", "v1", 0, 7, 1, 2);

    private static RecommendationResult Answer(string userId, int items) => new()
    {
        UserId = userId,
        Items = [.. Enumerable.Range(0, items).Select(i => new RankedPost($"post-{i:D3}", 1f, RecommendationSource.Model, ["because-xyz!"]))],
    };
}
