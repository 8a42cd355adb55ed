using Recommender.Content;
using Recommender.Data;

namespace Recommender.Serving;

/// <summary>
/// What the engine learned about one user since the model was trained: their recorded engagements (bounded, newest
/// kept), a version that changes with every one (part of every cache key), and the overrides folded in from them.
/// </summary>
internal sealed class UserState
{
    private readonly Lock _gate = new();
    private readonly List<Engagement> _recent = [];
    private int _version;
    private long _lastTouched;
    private Overrides? _overrides;

    public int Version => Volatile.Read(ref _version);

    /// <summary>When an engagement was last added, on the store's logical clock (for least-recently-engaged eviction).</summary>
    public long LastTouched => Volatile.Read(ref _lastTouched);

    public void Add(in Engagement engagement, int limit, long touched = 0)
    {
        lock (_gate)
        {
            _lastTouched = touched;
            _recent.Add(engagement);
            if (_recent.Count > limit)
            {
                _recent.RemoveRange(0, _recent.Count - limit);
            }

            _overrides = null;
            _version++;
        }
    }

    /// <summary>Drops engagements the model (trained at <paramref name="trainedAt"/>) already knows.</summary>
    public void DropBefore(DateTimeOffset trainedAt)
    {
        lock (_gate)
        {
            if (_recent.RemoveAll(e => e.Timestamp <= trainedAt) > 0)
            {
                _overrides = null;
                _version++;
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _recent.Count == 0;
            }
        }
    }

    public Engagement[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    /// <summary>The overrides for a model version, computed once per (model version, user version).</summary>
    public Overrides GetOverrides(string modelVersion, Func<Engagement[], Overrides> compute)
    {
        Engagement[] recent;
        int version;
        lock (_gate)
        {
            if (_overrides is { } cached && cached.ModelVersion == modelVersion && cached.UserVersion == _version)
            {
                return cached;
            }

            recent = [.. _recent];
            version = _version;
        }

        var computed = compute(recent) with { ModelVersion = modelVersion, UserVersion = version };
        lock (_gate)
        {
            if (_version == version)
            {
                _overrides = computed;
            }
        }

        return computed;
    }

    /// <summary>What replaces the model's view of the user.</summary>
    internal sealed record Overrides(ContentProfile? Profile, float[]? CollaborativeFactors, IReadOnlyCollection<string> RecentlySeen, int[]? CoEngagementHistory)
    {
        public string ModelVersion { get; init; } = string.Empty;

        public int UserVersion { get; init; }
    }
}
