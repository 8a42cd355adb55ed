using System.Runtime.InteropServices;
using Recommender.Content;
using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// Streams users, posts, follows and engagements into a <see cref="FeatureStore"/>. Each engagement updates
/// counters on arrival (counts by kind, hour and weekday histograms, velocity window) and is merged into one decayed
/// weight per (user, post) pair; the engagement itself is never kept, so memory grows with users, posts and
/// distinct pairs. Input may arrive in any order; adding a user or post twice keeps the last version. Not thread-safe.
/// </summary>
public sealed class FeatureStoreBuilder
{
    private const int Kinds = EngagementWeigher.KindCount;
    private readonly FeatureOptions _options;
    private readonly EngagementWeigher _weigher;
    private readonly long _windowStart;
    private readonly IdIndexBuilder _users = new();
    private readonly IdIndexBuilder _posts = new();
    private readonly IdIndexBuilder _authors = new();
    private readonly IdIndexBuilder _tags = new();
    private readonly RowArray<long> _userCreated = new(1, -1);
    private readonly RowArray<int> _userKinds = new(Kinds);
    private readonly RowArray<int> _userHours = new(24);
    private readonly RowArray<int> _userDays = new(7);
    private readonly RowArray<long> _userFirst = new(1, long.MaxValue);
    private readonly RowArray<long> _userLast = new(1, -1);
    private readonly RowArray<long> _postCreated = new(1, -1);
    private readonly RowArray<long> _postFirst = new(1, long.MaxValue);
    private readonly RowArray<int> _postAuthor = new(1, -1);
    private readonly RowArray<int> _postKinds = new(Kinds);
    private readonly RowArray<int> _postRecent = new(Kinds);
    private readonly List<int[]?> _postTags = [];
    private readonly Dictionary<long, PairWeight> _pairs = [];
    private readonly HashSet<long> _follows = [];
    private readonly int[] _globalHours = new int[24];
    private readonly int[] _globalDays = new int[7];
    private long _accepted;
    private long _skipped;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">The options; null for the defaults. Copied: later changes do not affect this builder.</param>
    /// <param name="timeProvider">The clock ages and the velocity window are measured against; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public FeatureStoreBuilder(FeatureOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, EngagementDefaults.MaxClockSkew)
    {
    }

    /// <summary>Creates a builder that skips engagements dated more than <paramref name="maxClockSkew"/> after the clock.</summary>
    internal FeatureStoreBuilder(FeatureOptions? options, TimeProvider? timeProvider, TimeSpan maxClockSkew)
    {
        options ??= new FeatureOptions();
        options.Validate();
        _options = options.Clone();
        _weigher = new EngagementWeigher(_options.Weighting, (timeProvider ?? TimeProvider.System).GetUtcNow(), maxClockSkew);
        _windowStart = (_weigher.ReferenceTime - _options.VelocityWindow).UtcTicks;
    }

    /// <summary>The moment ages are measured from.</summary>
    public DateTimeOffset ReferenceTime => _weigher.ReferenceTime;

    /// <summary>Engagements counted.</summary>
    public long AcceptedEngagements => _accepted;

    /// <summary>Engagements skipped: missing id, undefined kind, a NaN, infinite or out-of-range weight, or a timestamp
    /// more than the clock skew (default 1 day) after the clock.</summary>
    public long SkippedEngagements => _skipped;

    /// <summary>Adds (or replaces) a user.</summary>
    /// <param name="user">The user.</param>
    /// <exception cref="ArgumentException">The user's id is null or empty.</exception>
    public void AddUser(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Guard.NotNullOrEmpty(user.Id, "User.Id");
        ObjectDisposedException.ThrowIf(_built, this);
        var u = _users.GetOrAdd(user.Id);
        _userCreated.Row(u)[0] = user.CreatedAt?.UtcTicks ?? -1;
    }

    /// <summary>Adds (or replaces) a post: its creation time, author and tags.</summary>
    /// <param name="post">The post.</param>
    /// <exception cref="ArgumentException">The post's id is null or empty.</exception>
    public void AddPost(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        Guard.NotNullOrEmpty(post.Id, "Post.Id");
        ObjectDisposedException.ThrowIf(_built, this);
        var p = _posts.GetOrAdd(post.Id);
        _postCreated.Row(p)[0] = post.CreatedAt.UtcTicks;
        _postAuthor.Row(p)[0] = string.IsNullOrEmpty(post.AuthorId) ? -1 : _authors.GetOrAdd(post.AuthorId);
        var tags = new List<int>(post.Tags.Count);
        foreach (var tag in post.Tags)
        {
            if (TextTokenizer.NormalizeTag(tag) is { } normalized)
            {
                var t = _tags.GetOrAdd(normalized);
                if (!tags.Contains(t))
                {
                    tags.Add(t);
                }
            }
        }

        while (_postTags.Count <= p)
        {
            _postTags.Add(null);
        }

        _postTags[p] = [.. tags];
    }

    /// <summary>Adds a follow relation; repeats are ignored.</summary>
    /// <param name="follow">The follow.</param>
    /// <exception cref="ArgumentException">An id is null or empty.</exception>
    public void AddFollow(Follow follow)
    {
        Guard.NotNullOrEmpty(follow.FollowerId, "Follow.FollowerId");
        Guard.NotNullOrEmpty(follow.FolloweeId, "Follow.FolloweeId");
        ObjectDisposedException.ThrowIf(_built, this);
        var u = _users.GetOrAdd(follow.FollowerId);
        _userCreated.Row(u);
        var a = _authors.GetOrAdd(follow.FolloweeId);
        _follows.Add(((long)u << 32) | (uint)a);
    }

    /// <summary>
    /// Adds one engagement. Rows with a missing id, an undefined kind, a NaN/infinite/out-of-range weight or a
    /// timestamp beyond the clock skew are skipped and
    /// counted (<see cref="SkippedEngagements"/>); they never throw. Every other engagement counts as activity,
    /// whatever its kind's weight.
    /// </summary>
    /// <param name="engagement">The engagement.</param>
    /// <returns>True when the engagement was counted.</returns>
    public bool AddEngagement(in Engagement engagement)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        if (!_weigher.Admits(engagement))
        {
            _skipped++;
            return false;
        }

        var u = _users.GetOrAdd(engagement.UserId);
        var p = _posts.GetOrAdd(engagement.PostId);
        var k = (int)engagement.Kind;
        var ticks = engagement.Timestamp.UtcTicks;
        var utc = engagement.Timestamp.UtcDateTime;
        _userKinds.Row(u)[k]++;
        _userHours.Row(u)[utc.Hour]++;
        _userDays.Row(u)[(int)utc.DayOfWeek]++;
        _globalHours[utc.Hour]++;
        _globalDays[(int)utc.DayOfWeek]++;
        ref var first = ref _userFirst.Row(u)[0];
        first = Math.Min(first, ticks);
        ref var last = ref _userLast.Row(u)[0];
        last = Math.Max(last, ticks);
        _userCreated.Row(u);
        _postKinds.Row(p)[k]++;
        if (ticks > _windowStart)
        {
            _postRecent.Row(p)[k]++;
        }

        ref var postFirst = ref _postFirst.Row(p)[0];
        postFirst = Math.Min(postFirst, ticks);
        ref var pair = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairs, ((long)u << 32) | (uint)p, out _);
        pair.Decayed += _weigher.Weigh(engagement);
        pair.Undecayed += _weigher.KindWeight(engagement.Kind) * (engagement.Weight ?? 1f);
        _accepted++;
        return true;
    }

    /// <summary>Freezes everything into a store. The builder cannot be used afterwards.</summary>
    public FeatureStore Build()
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;
        var users = _users.Build();
        var posts = _posts.Build();
        var authors = _authors.Build();
        var tags = _tags.Build();
        var (nu, np, na) = (users.Count, posts.Count, authors.Count);

        var reference = _weigher.ReferenceTime.UtcTicks;
        var postCreated = _postCreated.ToArray(np);
        var postFirst = _postFirst.ToArray(np);
        for (var p = 0; p < np; p++)
        {
            // A post only ever engaged with (never added) is dated by its first engagement.
            if (postCreated[p] < 0)
            {
                postCreated[p] = postFirst[p] != long.MaxValue ? postFirst[p] : reference;
            }
        }

        var postAuthor = _postAuthor.ToArray(np);
        var postKinds = _postKinds.ToArray(np);
        var postRecent = _postRecent.ToArray(np);
        var velocity = new float[np * Kinds];
        var windowHours = _options.VelocityWindow.TotalHours;
        for (var p = 0; p < np; p++)
        {
            var hours = Math.Clamp((reference - postCreated[p]) / (double)TimeSpan.TicksPerHour, 1.0, Math.Max(1.0, windowHours));
            for (var k = 0; k < Kinds; k++)
            {
                velocity[(p * Kinds) + k] = (float)(postRecent[(p * Kinds) + k] / hours);
            }
        }

        // Pairs sorted by (user, post): the seen lists, and per user the author shares and tag preferences.
        var keys = new long[_pairs.Count];
        var weights = new float[_pairs.Count];
        var undecayed = new float[_pairs.Count];
        var order = new int[_pairs.Count];
        var i = 0;
        foreach (var (key, weight) in _pairs)
        {
            keys[i] = key;
            order[i] = i;
            weights[i] = weight.Decayed;
            undecayed[i++] = weight.Undecayed;
        }

        _pairs.Clear();
        keys.AsSpan().Sort(order.AsSpan());
        weights = Permute(weights, order);
        undecayed = Permute(undecayed, order);
        var seenPtr = new int[nu + 1];
        var seenIdx = new int[keys.Length];
        var postUsers = new int[np];
        var shares = new SparseRowsBuilder(nu);
        var tagPrefs = new SparseRowsBuilder(nu);
        var authorNet = new DenseAccumulator(na + 1);
        var tagNet = new DenseAccumulator(tags.Count);
        i = 0;
        for (var u = 0; u < nu; u++)
        {
            authorNet.Reset();
            tagNet.Reset();
            for (; i < keys.Length && (int)(keys[i] >> 32) == u; i++)
            {
                var p = (int)(uint)keys[i];
                seenIdx[i] = p;
                postUsers[p]++;
                var w = weights[i];
                var a = postAuthor[p];
                authorNet.Add(a >= 0 ? a : na, w);
                if (p < _postTags.Count && _postTags[p] is { } postTags)
                {
                    foreach (var t in postTags)
                    {
                        tagNet.Add(t, w);
                    }
                }
            }

            seenPtr[u + 1] = i;
            authorNet.AppendShares(shares, u, int.MaxValue, exclude: na, byWeight: false);
            tagNet.AppendShares(tagPrefs, u, _options.PreferredCount, exclude: -1, byWeight: true);
        }

        var followPtr = new int[nu + 1];
        var followIdx = new int[_follows.Count];
        var authorFollowers = new int[na];
        var followKeys = _follows.ToArray();
        Array.Sort(followKeys);
        for (var f = 0; f < followKeys.Length; f++)
        {
            var u = (int)(followKeys[f] >> 32);
            var a = (int)(uint)followKeys[f];
            followIdx[f] = a;
            followPtr[u + 1]++;
            authorFollowers[a]++;
        }

        for (var u = 0; u < nu; u++)
        {
            followPtr[u + 1] += followPtr[u];
        }

        var authorPosts = new int[na];
        for (var p = 0; p < np; p++)
        {
            if (postAuthor[p] >= 0 && p < _postTags.Count && _postTags[p] is not null)
            {
                authorPosts[postAuthor[p]]++;
            }
        }

        var userFirst = _userFirst.ToArray(nu);
        for (var u = 0; u < nu; u++)
        {
            if (userFirst[u] == long.MaxValue)
            {
                userFirst[u] = -1;
            }
        }

        var data = new FeatureStoreData
        {
            Users = users,
            Posts = posts,
            Authors = authors,
            Tags = tags,
            ReferenceTime = _weigher.ReferenceTime,
            Options = _options,
            Accepted = _accepted,
            Skipped = _skipped,
            GlobalHours = _globalHours,
            GlobalDays = _globalDays,
            UserCreated = _userCreated.ToArray(nu),
            UserKinds = _userKinds.ToArray(nu),
            UserHours = _userHours.ToArray(nu),
            UserDays = _userDays.ToArray(nu),
            UserFirst = userFirst,
            UserLast = _userLast.ToArray(nu),
            SeenPtr = seenPtr,
            SeenIdx = seenIdx,
            SharePtr = shares.Ptr,
            ShareIdx = shares.Indices,
            ShareValues = shares.Values,
            TagPrefPtr = tagPrefs.Ptr,
            TagPrefIdx = tagPrefs.Indices,
            TagPrefValues = tagPrefs.Values,
            FollowPtr = followPtr,
            FollowIdx = followIdx,
            PostCreated = postCreated,
            PostAuthor = postAuthor,
            PostKinds = postKinds,
            PostVelocity = velocity,
            PostUsers = postUsers,
            AuthorPosts = authorPosts,
            AuthorFollowers = authorFollowers,
            CoEngagement = CoEngagementGraph.Build(nu, np, seenPtr, seenIdx, weights, undecayed, _options.CoEngagementNeighbours, _options.CoEngagementPopularityExponent),
        };

        return new FeatureStore(data);
    }

    /// <summary>Sums signed weights per index and turns the positive sums into shares of their total.</summary>
    private sealed class DenseAccumulator(int size)
    {
        private readonly double[] _sums = new double[size];
        private readonly bool[] _touched = new bool[size];
        private readonly List<int> _indices = [];

        public void Reset()
        {
            foreach (var i in _indices)
            {
                _sums[i] = 0;
                _touched[i] = false;
            }

            _indices.Clear();
        }

        public void Add(int index, float weight)
        {
            if (!_touched[index])
            {
                _touched[index] = true;
                _indices.Add(index);
            }

            _sums[index] += weight;
        }

        /// <summary>
        /// Appends row <paramref name="row"/>: the positive sums as shares of the total of all positive sums
        /// (<paramref name="exclude"/> counts in the total but is not written), either the <paramref name="max"/>
        /// largest by weight (ties by index) or every one ascending by index.
        /// </summary>
        public void AppendShares(SparseRowsBuilder rows, int row, int max, int exclude, bool byWeight)
        {
            double total = 0;
            var kept = new List<int>();
            foreach (var i in _indices)
            {
                if (_sums[i] > 0)
                {
                    total += _sums[i];
                    if (i != exclude)
                    {
                        kept.Add(i);
                    }
                }
            }

            if (byWeight)
            {
                kept.Sort((a, b) => _sums[a] != _sums[b] ? _sums[b].CompareTo(_sums[a]) : a.CompareTo(b));
            }
            else
            {
                kept.Sort();
            }

            var n = Math.Min(max, kept.Count);
            for (var k = 0; k < n; k++)
            {
                var share = (float)(_sums[kept[k]] / total);
                if (share > 0f)
                {
                    rows.Add(kept[k], share);
                }
            }

            rows.EndRow(row);
        }
    }

    private static float[] Permute(float[] values, int[] order)
    {
        var permuted = new float[values.Length];
        for (var k = 0; k < order.Length; k++)
        {
            permuted[k] = values[order[k]];
        }

        return permuted;
    }

    /// <summary>
    /// A (user, post) pair's net weight, decayed (preferences, affinities) and not (whether the pair is positive at
    /// all: with a 7-day half-life a years-old engagement decays below the smallest float).
    /// </summary>
    private struct PairWeight
    {
        public float Decayed;
        public float Undecayed;
    }
}

/// <summary>Compressed rows of (index, value) built row by row.</summary>
internal sealed class SparseRowsBuilder(int rows)
{
    private readonly List<int> _indices = [];
    private readonly List<float> _values = [];

    public int[] Ptr { get; } = new int[rows + 1];

    public int[] Indices => [.. _indices];

    public float[] Values => [.. _values];

    public void Add(int index, float value)
    {
        _indices.Add(index);
        _values.Add(value);
    }

    public void EndRow(int row) => Ptr[row + 1] = _indices.Count;
}
