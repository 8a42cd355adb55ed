using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace Recommender.Serving;

/// <summary>
/// Stage 3 of a request: model answers by <see cref="RequestKey"/>, for <see cref="ServingOptions.CacheDuration"/>,
/// bounded by <see cref="ServingOptions.CacheSizeLimit"/> in bytes: each entry counts its estimated size
/// (<see cref="EstimateBytes"/>), so a few huge answers take the room of many small ones. Fallback answers are never
/// stored (the next request tries the model again). Lookups are counted in <c>recommender.cache.lookups</c>.
/// </summary>
internal sealed class ResultCache : IDisposable
{
    /// <summary>
    /// What an entry costs besides its strings and arrays: the cache's entry and its slot, the boxed key, the result
    /// object and its list of unknown candidates (measured at about 330 bytes on .NET 10 x64; rounded up).
    /// </summary>
    internal const int EntryOverheadBytes = 512;

    private readonly Func<ServingOptions> _options;
    private readonly RecommenderMetrics _metrics;
    private readonly MemoryCache _cache;

    public ResultCache(ServingOptions options, TimeProvider timeProvider, RecommenderMetrics metrics, bool trackStatistics = false)
        : this(() => options, options.CacheSizeLimit, timeProvider, metrics, trackStatistics)
    {
    }

    /// <summary>A cache of <paramref name="sizeLimit"/> bytes (fixed) whose duration is read at every store and lookup.</summary>
    public ResultCache(Func<ServingOptions> options, long sizeLimit, TimeProvider timeProvider, RecommenderMetrics metrics, bool trackStatistics = false)
    {
        _options = options;
        _metrics = metrics;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = sizeLimit,
            Clock = new TimeProviderClock(timeProvider),
            ExpirationScanFrequency = TimeSpan.FromMinutes(1),
            TrackStatistics = trackStatistics,
        });
    }

    /// <summary>The estimated bytes held (tracked only when created with <c>trackStatistics</c>; for tests).</summary>
    internal long? CurrentBytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize;

    internal int Count => _cache.Count;

    /// <summary>False when <see cref="ServingOptions.CacheDuration"/> is zero: nothing is looked up or stored.</summary>
    public bool Enabled => _options().CacheDuration > TimeSpan.Zero;

    /// <summary>The cached answer for the key (a lookup, counted as a hit or a miss).</summary>
    public bool TryGet(in RequestKey key, [NotNullWhen(true)] out RecommendationResult? result)
    {
        if (_cache.TryGetValue(key, out RecommendationResult? cached) && cached is not null)
        {
            _metrics.CacheLookup(hit: true);
            result = cached;
            return true;
        }

        _metrics.CacheLookup(hit: false);
        result = null;
        return false;
    }

    public void Set(in RequestKey key, RecommendationResult result)
    {
        using var entry = _cache.CreateEntry(key);
        entry.Value = result;
        entry.Size = EstimateBytes(key, result);
        entry.AbsoluteExpirationRelativeToNow = _options().CacheDuration;
    }

    /// <summary>
    /// An upper estimate of the managed memory an entry keeps alive: <see cref="EntryOverheadBytes"/>, the user id, the
    /// items array, every item's id and reasons, and the unknown candidates. Strings are counted in full even when they
    /// are shared with the model's catalogue (so the estimate errs high, never low).
    /// </summary>
    public static long EstimateBytes(in RequestKey key, RecommendationResult result)
    {
        var bytes = EntryOverheadBytes + StringBytes(key.UserId);
        var items = result.Items;
        bytes += ArrayBytes(items.Count, RankedPostBytes);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            bytes += StringBytes(item.PostId);
            if (item.Reasons is { Count: > 0 } reasons)
            {
                bytes += ArrayBytes(reasons.Count, IntPtr.Size);
                for (var r = 0; r < reasons.Count; r++)
                {
                    bytes += StringBytes(reasons[r]);
                }
            }
        }

        var unknown = result.UnknownCandidates;
        if (unknown.Count > 0)
        {
            bytes += ArrayBytes(unknown.Count, IntPtr.Size);
            for (var i = 0; i < unknown.Count; i++)
            {
                bytes += StringBytes(unknown[i]);
            }
        }

        return bytes;
    }

    /// <summary>A <see cref="Ranking.RankedPost"/> held in an array: two references, a float and an enum.</summary>
    private const int RankedPostBytes = 24;

    /// <summary>A string: object header, method table, length, the characters and a terminator, 8-byte aligned.</summary>
    private static long StringBytes(string? value) => value is null ? 0 : (22 + (2L * value.Length) + 7) & ~7L;

    private static long ArrayBytes(int count, int elementBytes) => 24 + ((long)count * elementBytes);

    public void Dispose() => _cache.Dispose();
}
