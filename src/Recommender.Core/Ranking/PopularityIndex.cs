using System.Collections.Concurrent;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// Live, exponentially decayed engagement totals per post and per author: what the heuristic ranking needs, kept
/// up to date engagement by engagement, independent of any trained model (so the fallback works before the first
/// training). Thread-safe: writers swap immutable cells, readers never lock.
/// </summary>
internal sealed class PopularityIndex
{
    private readonly ConcurrentDictionary<string, DecayedSum> _posts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DecayedSum> _authors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _authorOfPost = new(StringComparer.Ordinal);
    private readonly float[] _kindWeights;
    private readonly double _halfLifeTicks;
    private long _watermarkTicks = long.MinValue;

    public PopularityIndex(HeuristicOptions options)
    {
        _kindWeights = new float[Enum.GetValues<EngagementKind>().Length];
        foreach (var kind in Enum.GetValues<EngagementKind>())
        {
            _kindWeights[(int)kind] = options.KindWeights.TryGetValue(kind, out var w) ? w : 0f;
        }

        _halfLifeTicks = options.PopularityHalfLife.Ticks;
    }

    /// <summary>The latest engagement timestamp added, or null.</summary>
    public DateTimeOffset? Watermark
    {
        get
        {
            var ticks = Interlocked.Read(ref _watermarkTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public int PostCount => _posts.Count;

    /// <summary>Remembers a post's author so that its engagements also count for the author.</summary>
    public void AddPost(Post post)
    {
        if (!string.IsNullOrEmpty(post.Id) && !string.IsNullOrEmpty(post.AuthorId))
        {
            _authorOfPost[post.Id] = post.AuthorId;
        }
    }

    /// <summary>Adds one engagement; rows with missing ids, undefined kinds or non-finite weights are ignored.</summary>
    public void Add(in Engagement engagement)
    {
        if (string.IsNullOrEmpty(engagement.PostId) || (uint)engagement.Kind >= (uint)_kindWeights.Length)
        {
            return;
        }

        var weight = _kindWeights[(int)engagement.Kind] * (engagement.Weight ?? 1f);
        if (weight == 0f || !float.IsFinite(weight))
        {
            return;
        }

        var ticks = engagement.Timestamp.UtcTicks;
        Accumulate(_posts, engagement.PostId, weight, ticks);
        if (_authorOfPost.TryGetValue(engagement.PostId, out var author))
        {
            Accumulate(_authors, author, weight, ticks);
        }

        long seen;
        while (ticks > (seen = Interlocked.Read(ref _watermarkTicks)) && Interlocked.CompareExchange(ref _watermarkTicks, ticks, seen) != seen)
        {
        }
    }

    /// <summary>The post's decayed engagement at <paramref name="now"/>; 0 when it has none.</summary>
    public double PostPopularity(string postId, DateTimeOffset now) =>
        _posts.TryGetValue(postId, out var cell) ? cell.ValueAt(now.UtcTicks, _halfLifeTicks) : 0.0;

    /// <summary>The author's decayed engagement over all their posts at <paramref name="now"/>; 0 when unknown.</summary>
    public double AuthorPopularity(string? authorId, DateTimeOffset now) =>
        authorId is not null && _authors.TryGetValue(authorId, out var cell) ? cell.ValueAt(now.UtcTicks, _halfLifeTicks) : 0.0;

    private void Accumulate(ConcurrentDictionary<string, DecayedSum> map, string key, float weight, long ticks)
    {
        while (true)
        {
            if (!map.TryGetValue(key, out var current))
            {
                if (map.TryAdd(key, new DecayedSum(weight, ticks)))
                {
                    return;
                }

                continue;
            }

            if (map.TryUpdate(key, current.Add(weight, ticks, _halfLifeTicks), current))
            {
                return;
            }
        }
    }

    /// <summary>A decayed total as of a moment: value(t) = Value × 0.5^((t − Ticks) / halfLife).</summary>
    private sealed class DecayedSum(double value, long ticks)
    {
        public double Value { get; } = value;

        public long Ticks { get; } = ticks;

        public DecayedSum Add(float weight, long ticks, double halfLifeTicks) =>
            ticks >= Ticks
                ? new DecayedSum((Value * Math.Pow(2, -(ticks - Ticks) / halfLifeTicks)) + weight, ticks)
                : new DecayedSum(Value + (weight * Math.Pow(2, -(Ticks - ticks) / halfLifeTicks)), Ticks);

        public double ValueAt(long ticks, double halfLifeTicks) =>
            ticks <= Ticks ? Value : Value * Math.Pow(2, -(ticks - Ticks) / halfLifeTicks);
    }
}
