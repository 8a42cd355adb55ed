using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace Recommender.Serving;

/// <summary>
/// Stage 3 of a request: model answers by <see cref="RequestKey"/>, for <see cref="ServingOptions.CacheDuration"/>,
/// bounded by <see cref="ServingOptions.CacheSizeLimit"/>. Fallback answers are never stored (the next request tries
/// the model again). Lookups are counted in <c>recommender.cache.lookups</c>.
/// </summary>
internal sealed class ResultCache : IDisposable
{
    private readonly ServingOptions _options;
    private readonly RecommenderMetrics _metrics;
    private readonly MemoryCache _cache;

    public ResultCache(ServingOptions options, TimeProvider timeProvider, RecommenderMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.CacheSizeLimit,
            Clock = new TimeProviderClock(timeProvider),
            ExpirationScanFrequency = TimeSpan.FromMinutes(1),
        });
    }

    /// <summary>False when <see cref="ServingOptions.CacheDuration"/> is zero: nothing is looked up or stored.</summary>
    public bool Enabled => _options.CacheDuration > TimeSpan.Zero;

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
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = _options.CacheDuration;
    }

    public void Dispose() => _cache.Dispose();
}
