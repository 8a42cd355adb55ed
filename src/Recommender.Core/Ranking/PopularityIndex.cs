using System.Collections.Concurrent;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// Live, exponentially decayed engagement totals per post and per author: what the heuristic ranking needs, kept
/// up to date engagement by engagement, independent of any trained model (so the fallback works before the first
/// training). Thread-safe: writers swap immutable cells, readers never lock. Only engagements add posts (looking a post
/// up never does), and at most <c>maxPosts</c> are kept: past it the coldest tenth (lowest decayed total) is forgotten.
/// Authors are counted only for posts whose author a post read from the data source named.
/// <para>
/// Each post also keeps a second total decayed with <see cref="HeuristicOptions.TrendingHalfLife"/> (6 hours by
/// default): its trending velocity (<see cref="PostTrending"/>) is that total per hour of exposure, so a post that
/// gathers engagement quickly after it is published rises above an older one with the same recent count.
/// </para>
/// </summary>
internal sealed class PopularityIndex
{
    private readonly ConcurrentDictionary<string, PostSums> _posts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DecayedSum> _authors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _authorOfPost = new(StringComparer.Ordinal);
    private readonly float[] _kindWeights;
    private readonly double _halfLifeTicks;
    private readonly double _trendingHalfLifeTicks;
    private readonly long _minExposureTicks;
    private readonly long _maxExposureTicks;
    private readonly int _maxPosts;
    private readonly Lock _evicting = new();
    private long _watermarkTicks = long.MinValue;
    private int _postCount;

    /// <param name="options">Kind weights and the popularity half-life.</param>
    /// <param name="maxPosts">The most posts tracked (the coldest go first past it); at least 1.</param>
    public PopularityIndex(HeuristicOptions options, int maxPosts = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPosts);
        _maxPosts = maxPosts;
        _kindWeights = new float[Enum.GetValues<EngagementKind>().Length];
        foreach (var kind in Enum.GetValues<EngagementKind>())
        {
            _kindWeights[(int)kind] = options.KindWeights.TryGetValue(kind, out var w) ? w : 0f;
        }

        _halfLifeTicks = options.PopularityHalfLife.Ticks;
        _trendingHalfLifeTicks = options.TrendingHalfLife.Ticks;
        _maxExposureTicks = MaxExposureHalfLives * options.TrendingHalfLife.Ticks;
        _minExposureTicks = Math.Max(1, options.TrendingHalfLife.Ticks / MinExposureDivisor);
    }

    /// <summary>A post's exposure counts at most three trending half-lives (18 hours by default): older posts are compared on their recent count alone.</summary>
    internal const int MaxExposureHalfLives = 3;

    /// <summary>A post's exposure counts at least a sixth of the trending half-life (1 hour by default), so a post a minute old does not divide by a minute.</summary>
    internal const int MinExposureDivisor = 6;

    /// <summary>The latest engagement timestamp added, or null.</summary>
    public DateTimeOffset? Watermark
    {
        get
        {
            var ticks = Interlocked.Read(ref _watermarkTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public int PostCount => Volatile.Read(ref _postCount);

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
        if (AccumulatePost(engagement.PostId, weight, ticks) && Interlocked.Increment(ref _postCount) > _maxPosts)
        {
            EvictColdest();
        }

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
        _posts.TryGetValue(postId, out var cell) ? Decay(cell.Value, cell.Ticks, now.UtcTicks, _halfLifeTicks) : 0.0;

    /// <summary>
    /// The post's trending velocity at <paramref name="now"/>: its engagement decayed with the trending half-life, per
    /// hour of exposure (the time since <paramref name="createdAt"/>, at least a sixth of the half-life and at most three
    /// half-lives); 0 when it has none.
    /// </summary>
    public double PostTrending(string postId, DateTimeOffset createdAt, DateTimeOffset now)
    {
        if (!_posts.TryGetValue(postId, out var cell))
        {
            return 0.0;
        }

        var exposure = Math.Clamp(now.UtcTicks - createdAt.UtcTicks, _minExposureTicks, _maxExposureTicks);
        return Decay(cell.Trend, cell.Ticks, now.UtcTicks, _trendingHalfLifeTicks) * TimeSpan.TicksPerHour / exposure;
    }

    /// <summary>The author's decayed engagement over all their posts at <paramref name="now"/>; 0 when unknown.</summary>
    public double AuthorPopularity(string? authorId, DateTimeOffset now) =>
        authorId is not null && _authors.TryGetValue(authorId, out var cell) ? cell.ValueAt(now.UtcTicks, _halfLifeTicks) : 0.0;

    /// <summary>Adds to a post's two totals; true when the post was new.</summary>
    private bool AccumulatePost(string key, float weight, long ticks)
    {
        while (true)
        {
            if (!_posts.TryGetValue(key, out var current))
            {
                if (_posts.TryAdd(key, new PostSums(weight, weight, ticks)))
                {
                    return true;
                }

                continue;
            }

            if (_posts.TryUpdate(key, current.Add(weight, ticks, _halfLifeTicks, _trendingHalfLifeTicks), current))
            {
                return false;
            }
        }
    }

    /// <summary>value × 0.5^((to − from) / halfLife); a value dated after <paramref name="to"/> as it is.</summary>
    private static double Decay(double value, long from, long to, double halfLifeTicks) =>
        to <= from ? value : value * Math.Pow(2, -(to - from) / halfLifeTicks);

    /// <summary>Adds to a key's total; true when the key was new.</summary>
    private bool Accumulate(ConcurrentDictionary<string, DecayedSum> map, string key, float weight, long ticks)
    {
        while (true)
        {
            if (!map.TryGetValue(key, out var current))
            {
                if (map.TryAdd(key, new DecayedSum(weight, ticks)))
                {
                    return true;
                }

                continue;
            }

            if (map.TryUpdate(key, current.Add(weight, ticks, _halfLifeTicks), current))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Down to nine tenths of the limit, coldest first: posts ordered by their decayed totals at a common moment
    /// (log2 of the total plus its time in half-lives, which orders them as their values at any moment would). One
    /// sweep per tenth of the limit added keeps the cost per engagement constant on average.
    /// </summary>
    private void EvictColdest()
    {
        lock (_evicting)
        {
            var excess = PostCount - (_maxPosts - (_maxPosts / 10));
            if (PostCount <= _maxPosts || excess <= 0)
            {
                return;
            }

            var posts = _posts.ToArray();
            var heat = new double[posts.Length];
            for (var i = 0; i < posts.Length; i++)
            {
                var cell = posts[i].Value;
                heat[i] = cell.Value > 0 ? Math.Log2(cell.Value) + (cell.Ticks / _halfLifeTicks) : double.NegativeInfinity;
            }

            Array.Sort(heat, posts);
            for (var i = 0; i < posts.Length && excess > 0; i++)
            {
                if (_posts.TryRemove(posts[i]))
                {
                    Interlocked.Decrement(ref _postCount);
                    excess--;
                }
            }
        }
    }

    /// <summary>A post's two decayed totals as of one moment: popularity (popularity half-life) and trend (trending half-life).</summary>
    private sealed class PostSums(double value, double trend, long ticks)
    {
        public double Value { get; } = value;

        public double Trend { get; } = trend;

        public long Ticks { get; } = ticks;

        public PostSums Add(float weight, long ticks, double halfLifeTicks, double trendingHalfLifeTicks) =>
            ticks >= Ticks
                ? new PostSums(Decay(Value, Ticks, ticks, halfLifeTicks) + weight, Decay(Trend, Ticks, ticks, trendingHalfLifeTicks) + weight, ticks)
                : new PostSums(Value + Decay(weight, ticks, Ticks, halfLifeTicks), Trend + Decay(weight, ticks, Ticks, trendingHalfLifeTicks), Ticks);
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
