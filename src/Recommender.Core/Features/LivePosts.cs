using System.Collections.Concurrent;
using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// Engagements recorded since the model was trained, per post: what ranking reads about posts that moved on since
/// (a post published after training has no counts and no collaborative factors in the model, and most posts of a
/// feed are such posts). Pair features read from it the post's positive engagements since the model's data watermark
/// and in the last velocity window, and, for a post the collaborative model does not know, factors folded in from the
/// users who engaged with it. Bounded: at most <c>maxPosts</c> posts (further new posts are not tracked until a
/// model swap prunes what the new model knows) and the newest 256 engagements per post. Thread-safe.
/// </summary>
internal sealed class LivePosts(int maxPosts)
{
    private readonly ConcurrentDictionary<string, LivePost> _posts = new(StringComparer.Ordinal);

    public bool IsEmpty => _posts.IsEmpty;

    public int Count => _posts.Count;

    /// <summary>Records an engagement with its kind weight times its own weight (positive: counts as engagement; negative: hidden or reported).</summary>
    public void Record(in Engagement engagement, float weight)
    {
        if (!_posts.TryGetValue(engagement.PostId, out var post))
        {
            if (_posts.Count >= maxPosts)
            {
                return;
            }

            post = _posts.GetOrAdd(engagement.PostId, static _ => new LivePost());
        }

        post.Add(engagement.UserId, engagement.Timestamp.UtcTicks, weight);
    }

    public LivePost? Find(string postId) => _posts.TryGetValue(postId, out var post) ? post : null;

    /// <summary>Forgets the posts whose every recorded engagement is at or before <paramref name="watermark"/> (a new model knows them).</summary>
    public void PruneThrough(DateTimeOffset watermark)
    {
        foreach (var (id, post) in _posts)
        {
            if (post.LastTicks <= watermark.UtcTicks)
            {
                _posts.TryRemove(id, out _);
            }
        }
    }
}

/// <summary>
/// One post's recorded engagements (the newest <see cref="Capacity"/>, in arrival order), the timestamps of the positive
/// ones kept sorted in place (an insertion per engagement, usually at the end: engagements arrive roughly in time
/// order), and collaborative factors folded in from them. Reads take the same short lock (two binary searches).
/// Allocation-free once the post's buffers have grown.
/// </summary>
internal sealed class LivePost
{
    public const int Capacity = 256;
    private readonly Lock _gate = new();
    private string[] _users = new string[2];
    private long[] _ticks = new long[2];
    private float[] _weights = new float[2];
    private long[] _positive = new long[2];
    private int _positiveCount;
    private int _stored;
    private int _next;
    private int _version;
    private (NmfModel Model, int Version, float[] Factors)? _folded;

    public long LastTicks { get; private set; } = long.MinValue;

    public void Add(string userId, long ticks, float weight)
    {
        lock (_gate)
        {
            if (_next == _users.Length && _users.Length < Capacity)
            {
                // Grows by doubling up to the capacity, then overwrites the oldest: most posts get a few engagements.
                var size = Math.Min(Capacity, _users.Length * 2);
                Array.Resize(ref _users, size);
                Array.Resize(ref _ticks, size);
                Array.Resize(ref _weights, size);
                Array.Resize(ref _positive, size);
            }

            if (_stored == Capacity && _weights[_next] > 0f)
            {
                RemovePositive(_ticks[_next]);
            }

            _users[_next] = userId;
            _ticks[_next] = ticks;
            _weights[_next] = weight;
            _next = (_next + 1) % Capacity;
            _stored = Math.Min(_stored + 1, Capacity);
            _version++;
            LastTicks = Math.Max(LastTicks, ticks);
            if (weight > 0f)
            {
                InsertPositive(ticks);
            }
        }
    }

    /// <summary>Positive engagements in (<paramref name="sinceTicks"/>, now], and those in (<paramref name="windowStartTicks"/>, now] too.</summary>
    public (int Since, int InWindow) Positives(long sinceTicks, long windowStartTicks, long nowTicks)
    {
        lock (_gate)
        {
            var sorted = _positive.AsSpan(0, _positiveCount);
            var end = SortedSearch.UpperBound(sorted, nowTicks);
            var since = end - SortedSearch.UpperBound(sorted, sinceTicks);
            var inWindow = end - SortedSearch.UpperBound(sorted, Math.Max(sinceTicks, windowStartTicks));
            return (Math.Max(since, 0), Math.Max(inWindow, 0));
        }
    }

    private void InsertPositive(long ticks)
    {
        var at = SortedSearch.UpperBound(_positive.AsSpan(0, _positiveCount), ticks);
        _positive.AsSpan(at, _positiveCount - at).CopyTo(_positive.AsSpan(at + 1));
        _positive[at] = ticks;
        _positiveCount++;
    }

    private void RemovePositive(long ticks)
    {
        var at = SortedSearch.UpperBound(_positive.AsSpan(0, _positiveCount), ticks) - 1;
        if (at >= 0 && _positive[at] == ticks)
        {
            _positive.AsSpan(at + 1, _positiveCount - at - 1).CopyTo(_positive.AsSpan(at));
            _positiveCount--;
        }
    }
    /// <summary>
    /// Factors for the post from the users who engaged with it positively (those the model knows), their weights summed;
    /// null when none is known. Computed once per (model, change of the post).
    /// </summary>
    public float[]? FoldedFactors(NmfModel model)
    {
        int version;
        int[] users;
        float[] weights;
        lock (_gate)
        {
            if (_folded is { } f && ReferenceEquals(f.Model, model) && f.Version == _version)
            {
                return f.Factors;
            }

            version = _version;
            var known = new List<int>(_stored);
            var w = new List<float>(_stored);
            for (var i = 0; i < _stored; i++)
            {
                if (_weights[i] > 0f && model.Users.TryGetIndex(_users[i], out var u))
                {
                    known.Add(u);
                    w.Add(_weights[i]);
                }
            }

            users = [.. known];
            weights = [.. w];
        }

        var factors = users.Length == 0 ? null : model.FoldInPost(users, weights);
        lock (_gate)
        {
            if (_version == version)
            {
                _folded = (model, version, factors!);
            }
        }

        return factors;
    }
}
