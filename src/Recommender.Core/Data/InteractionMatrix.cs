namespace Recommender.Data;

/// <summary>
/// The immutable, sparse user × post matrix of time-decayed engagement weights that collaborative filtering
/// trains on. Stored twice in compressed sparse form (by user and by post) so that both sides of a factorisation
/// read contiguous memory. Only positive weights are stored; pairs with negative net weight are kept separately
/// as negative feedback (<see cref="GetNegativePosts"/>). Build one with <see cref="InteractionMatrixBuilder"/>
/// or <see cref="Create"/>.
/// </summary>
public sealed class InteractionMatrix
{
    internal readonly int[] UserPtr;
    internal readonly int[] UserPostIdx;
    internal readonly float[] UserValues;
    internal readonly int[] PostPtr;
    internal readonly int[] PostUserIdx;
    internal readonly float[] PostValues;
    internal readonly int[] NegativePtr;
    internal readonly int[] NegativePostIdx;

    internal InteractionMatrix(
        IdIndex users,
        IdIndex posts,
        int[] userPtr,
        int[] userPostIdx,
        float[] userValues,
        int[] negativePtr,
        int[] negativePostIdx,
        DateTimeOffset referenceTime,
        DateTimeOffset? watermark,
        IngestionReport report)
    {
        Users = users;
        Posts = posts;
        UserPtr = userPtr;
        UserPostIdx = userPostIdx;
        UserValues = userValues;
        NegativePtr = negativePtr;
        NegativePostIdx = negativePostIdx;
        ReferenceTime = referenceTime;
        Watermark = watermark;
        Report = report;
        (PostPtr, PostUserIdx, PostValues) = Transpose(userPtr, userPostIdx, userValues, posts.Count);
    }

    /// <summary>The users (rows), in index order.</summary>
    public IdIndex Users { get; }

    /// <summary>The posts (columns), in index order.</summary>
    public IdIndex Posts { get; }

    /// <summary>The number of stored (positive) entries.</summary>
    public int NonZeroCount => UserPostIdx.Length;

    /// <summary>The moment ages were measured from when weights were decayed.</summary>
    public DateTimeOffset ReferenceTime { get; }

    /// <summary>The latest engagement timestamp seen, or null when there were none: the data watermark.</summary>
    public DateTimeOffset? Watermark { get; }

    /// <summary>What was accepted, merged and skipped while building.</summary>
    public IngestionReport Report { get; }

    /// <summary>Creates a matrix from engagements in one call.</summary>
    /// <param name="engagements">The engagements.</param>
    /// <param name="options">Kind weights and half-life; null for the defaults.</param>
    /// <param name="timeProvider">The clock for decay; null for <see cref="TimeProvider.System"/>.</param>
    public static InteractionMatrix Create(IEnumerable<Engagement> engagements, EngagementWeightingOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        var builder = new InteractionMatrixBuilder(options, timeProvider);
        foreach (var e in engagements)
        {
            builder.Add(e);
        }

        return builder.Build();
    }

    /// <summary>Streams every engagement of a data source into a new matrix.</summary>
    /// <param name="source">The data source.</param>
    /// <param name="options">Kind weights and half-life; null for the defaults.</param>
    /// <param name="timeProvider">The clock for decay; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<InteractionMatrix> LoadAsync(IRecommenderDataSource source, EngagementWeightingOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var builder = new InteractionMatrixBuilder(options, timeProvider);
        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(e);
        }

        return builder.Build();
    }

    /// <summary>The posts a user has a positive weight for, in ascending index order.</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<int> GetUserPosts(int user) => UserPostIdx.AsSpan(UserPtr[user], UserPtr[user + 1] - UserPtr[user]);

    /// <summary>The weights matching <see cref="GetUserPosts"/>.</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<float> GetUserWeights(int user) => UserValues.AsSpan(UserPtr[user], UserPtr[user + 1] - UserPtr[user]);

    /// <summary>The users with a positive weight for a post, in ascending index order.</summary>
    /// <param name="post">The post's dense index.</param>
    public ReadOnlySpan<int> GetPostUsers(int post) => PostUserIdx.AsSpan(PostPtr[post], PostPtr[post + 1] - PostPtr[post]);

    /// <summary>The weights matching <see cref="GetPostUsers"/>.</summary>
    /// <param name="post">The post's dense index.</param>
    public ReadOnlySpan<float> GetPostWeights(int post) => PostValues.AsSpan(PostPtr[post], PostPtr[post + 1] - PostPtr[post]);

    /// <summary>The posts a user gave net negative feedback (hid, reported), ascending.</summary>
    /// <param name="user">The user's dense index.</param>
    public ReadOnlySpan<int> GetNegativePosts(int user) => NegativePostIdx.AsSpan(NegativePtr[user], NegativePtr[user + 1] - NegativePtr[user]);

    /// <summary>The stored weight of a pair, 0 when absent.</summary>
    /// <param name="user">The user's dense index.</param>
    /// <param name="post">The post's dense index.</param>
    public float GetWeight(int user, int post)
    {
        var i = GetUserPosts(user).BinarySearch(post);
        return i >= 0 ? UserValues[UserPtr[user] + i] : 0f;
    }

    private static (int[] Ptr, int[] Idx, float[] Values) Transpose(int[] rowPtr, int[] colIdx, float[] values, int columns)
    {
        var ptr = new int[columns + 1];
        foreach (var c in colIdx)
        {
            ptr[c + 1]++;
        }

        for (var c = 0; c < columns; c++)
        {
            ptr[c + 1] += ptr[c];
        }

        var next = ptr.AsSpan(0, columns).ToArray();
        var idx = new int[colIdx.Length];
        var vals = new float[colIdx.Length];
        for (var r = 0; r < rowPtr.Length - 1; r++)
        {
            for (var k = rowPtr[r]; k < rowPtr[r + 1]; k++)
            {
                var dst = next[colIdx[k]]++;
                idx[dst] = r;
                vals[dst] = values[k];
            }
        }

        return (ptr, idx, vals);
    }
}
