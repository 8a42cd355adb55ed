namespace Recommender.Data;

/// <summary>
/// Accumulates engagements into an <see cref="InteractionMatrix"/>: ids become dense indices, each engagement is
/// weighted by kind and decayed by age, duplicates of a pair are summed. Memory grows with the number of
/// engagements (12 bytes each) until <see cref="Build"/>. Not thread-safe.
/// </summary>
public sealed class InteractionMatrixBuilder
{
    private readonly IdIndexBuilder _users = new();
    private readonly IdIndexBuilder _posts = new();
    private readonly float[] _kindWeights;
    private readonly double _halfLifeTicks;
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _latestAccepted;
    private long[] _keys = new long[1024];
    private float[] _weights = new float[1024];
    private int _count;
    private DateTimeOffset? _watermark;
    private long _accepted;
    private long _missingId;
    private long _invalidWeight;
    private long _outOfRange;
    private long _beyondSkew;
    private long _undefinedKind;
    private long _zeroWeight;
    private long _future;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Kind weights and half-life; null for the defaults.</param>
    /// <param name="timeProvider">The clock ages are measured against; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>Engagements dated more than <see cref="EngagementWeightingOptions.MaxClockSkew"/> (default 1 day) after the clock are skipped.</remarks>
    public InteractionMatrixBuilder(EngagementWeightingOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, EngagementDefaults.MaxClockSkew)
    {
    }

    /// <summary>Creates a builder that skips engagements dated more than <paramref name="maxClockSkew"/> after the clock.</summary>
    internal InteractionMatrixBuilder(EngagementWeightingOptions? options, TimeProvider? timeProvider, TimeSpan maxClockSkew)
    {
        options ??= new EngagementWeightingOptions();
        options.Validate();
        _kindWeights = new float[Enum.GetValues<EngagementKind>().Length];
        foreach (var kind in Enum.GetValues<EngagementKind>())
        {
            _kindWeights[(int)kind] = options.WeightOf(kind);
        }

        _halfLifeTicks = options.HalfLife == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : options.HalfLife.Ticks;
        _now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        _latestAccepted = EngagementWeigher.LatestAcceptedAt(_now, maxClockSkew);
    }

    /// <summary>The moment ages are measured from.</summary>
    public DateTimeOffset ReferenceTime => _now;

    /// <summary>Registers a user so that it has a row even without engagements.</summary>
    /// <param name="userId">The user's id.</param>
    public void AddUser(string userId)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        _users.GetOrAdd(userId);
    }

    /// <summary>Registers a post so that it has a column even without engagements.</summary>
    /// <param name="postId">The post's id.</param>
    public void AddPost(string postId)
    {
        Guard.NotNullOrEmpty(postId, nameof(postId));
        _posts.GetOrAdd(postId);
    }

    /// <summary>
    /// Adds one engagement. Rows with a missing id, an undefined kind, a NaN/infinite weight, a weight beyond
    /// ±1,000,000 or a timestamp beyond the clock skew are skipped and counted in
    /// <see cref="IngestionReport"/>; they never throw.
    /// </summary>
    /// <param name="engagement">The engagement.</param>
    /// <returns>True when the engagement was accepted.</returns>
    public bool Add(in Engagement engagement)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        if (string.IsNullOrEmpty(engagement.UserId) || string.IsNullOrEmpty(engagement.PostId))
        {
            _missingId++;
            return false;
        }

        if ((uint)engagement.Kind >= (uint)_kindWeights.Length)
        {
            _undefinedKind++;
            return false;
        }

        var multiplier = engagement.Weight ?? 1f;
        if (!float.IsFinite(multiplier))
        {
            _invalidWeight++;
            return false;
        }

        if (!EngagementWeigher.IsValidWeight(multiplier))
        {
            _outOfRange++;
            return false;
        }

        var kindWeight = _kindWeights[(int)engagement.Kind];
        if (kindWeight == 0f || multiplier == 0f)
        {
            _zeroWeight++;
            return false;
        }

        if (engagement.Timestamp > _latestAccepted)
        {
            _beyondSkew++;
            return false;
        }

        var ageTicks = (_now - engagement.Timestamp).Ticks;
        if (ageTicks < 0)
        {
            _future++;
            ageTicks = 0;
        }

        var decay = double.IsPositiveInfinity(_halfLifeTicks) ? 1.0 : Math.Pow(2.0, -ageTicks / _halfLifeTicks);
        var weight = (float)(kindWeight * multiplier * decay);
        if (weight == 0f)
        {
            // Decayed below float precision: the engagement is too old to matter.
            weight = float.Epsilon * MathF.Sign(kindWeight * multiplier);
        }

        var user = _users.GetOrAdd(engagement.UserId);
        var post = _posts.GetOrAdd(engagement.PostId);
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _weights, _weights.Length * 2);
        }

        _keys[_count] = ((long)user << 32) | (uint)post;
        _weights[_count] = weight;
        _count++;
        _accepted++;
        if (_watermark is null || engagement.Timestamp > _watermark.Value)
        {
            _watermark = engagement.Timestamp;
        }

        return true;
    }

    /// <summary>Sorts, merges and freezes the engagements into a matrix. The builder cannot be used afterwards.</summary>
    public InteractionMatrix Build()
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;
        var keys = _keys.AsSpan(0, _count);
        var weights = _weights.AsSpan(0, _count);
        keys.Sort(weights);

        var users = _users.Build();
        var posts = _posts.Build();
        var userPtr = new int[users.Count + 1];
        var negativePtr = new int[users.Count + 1];
        var postIdx = new List<int>(_count);
        var values = new List<float>(_count);
        var negativeIdx = new List<int>();
        long merged = 0, negativePairs = 0, zeroPairs = 0;

        var i = 0;
        while (i < keys.Length)
        {
            var key = keys[i];
            var sum = 0.0;
            var j = i;
            for (; j < keys.Length && keys[j] == key; j++)
            {
                sum += weights[j];
            }

            merged += j - i - 1;
            var user = (int)(key >> 32);
            var post = (int)(uint)key;
            if (sum > 0)
            {
                postIdx.Add(post);
                values.Add((float)sum);
                userPtr[user + 1]++;
            }
            else if (sum < 0)
            {
                negativeIdx.Add(post);
                negativePtr[user + 1]++;
                negativePairs++;
            }
            else
            {
                zeroPairs++;
            }

            i = j;
        }

        for (var u = 0; u < users.Count; u++)
        {
            userPtr[u + 1] += userPtr[u];
            negativePtr[u + 1] += negativePtr[u];
        }

        var report = new IngestionReport
        {
            Accepted = _accepted,
            SkippedMissingId = _missingId,
            SkippedInvalidWeight = _invalidWeight,
            SkippedWeightOutOfRange = _outOfRange,
            SkippedBeyondClockSkew = _beyondSkew,
            SkippedUndefinedKind = _undefinedKind,
            SkippedZeroWeight = _zeroWeight,
            FutureTimestamps = _future,
            MergedDuplicates = merged,
            NegativePairs = negativePairs,
            ZeroPairs = zeroPairs,
        };

        _keys = [];
        _weights = [];
        return new InteractionMatrix(users, posts, userPtr, [.. postIdx], [.. values], negativePtr, [.. negativeIdx], _now, _watermark, report);
    }
}
