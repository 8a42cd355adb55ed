using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// The frozen statistics features are computed from: per user (counts by kind, hour and weekday histograms,
/// engaged posts, author shares, preferred tags, follows), per post (creation time, author, counts and velocity by
/// kind) and per author (posts, followers), as dense arrays by index. Built once at training time by a
/// <see cref="FeatureStoreBuilder"/>, saved with the trained artefact, read through a <see cref="FeatureExtractor"/>.
/// Immutable and safe to share between threads.
/// </summary>
public sealed partial class FeatureStore
{
    private const int Kinds = EngagementWeigher.KindCount;

    internal FeatureStore(FeatureStoreData data)
    {
        Data = data;
        var weights = new EngagementWeigher(data.Options.Weighting, data.ReferenceTime).KindWeights;
        PositiveKinds = new bool[Kinds];
        for (var k = 0; k < Kinds; k++)
        {
            PositiveKinds[k] = weights[k] > 0f;
        }

        var np = data.Posts.Count;
        PostPositive = new int[np];
        PostPopularityLog = new float[np];
        PostVelocityPositive = new float[np];
        var authorPositive = new double[data.Authors.Count];
        for (var p = 0; p < np; p++)
        {
            long positive = 0;
            var velocity = 0f;
            for (var k = 0; k < Kinds; k++)
            {
                if (PositiveKinds[k])
                {
                    positive += data.PostKinds[(p * Kinds) + k];
                    velocity += data.PostVelocity[(p * Kinds) + k];
                }
            }

            PostPositive[p] = (int)Math.Min(positive, int.MaxValue);
            PostPopularityLog[p] = MathF.Log(1f + PostPositive[p]);
            PostVelocityPositive[p] = velocity;
            if (data.PostAuthor[p] >= 0)
            {
                authorPositive[data.PostAuthor[p]] += positive;
            }
        }

        AuthorPopularity = new float[data.Authors.Count];
        AuthorPopularityLog = new float[data.Authors.Count];
        for (var a = 0; a < AuthorPopularity.Length; a++)
        {
            AuthorPopularity[a] = (float)(authorPositive[a] / Math.Max(1, data.AuthorPosts[a]));
            AuthorPopularityLog[a] = MathF.Log(1f + AuthorPopularity[a]);
        }

        // Laplace-smoothed global share of activity per UTC hour: uniform when there is no data, never 0.
        long total = 0;
        foreach (var c in data.GlobalHours)
        {
            total += c;
        }

        GlobalHourShare = new float[24];
        for (var h = 0; h < 24; h++)
        {
            GlobalHourShare[h] = (float)((data.GlobalHours[h] + 1.0) / (total + 24.0));
        }
    }

    /// <summary>The users, in index order.</summary>
    public IdIndex Users => Data.Users;

    /// <summary>The posts (added or engaged with), in index order.</summary>
    public IdIndex Posts => Data.Posts;

    /// <summary>The authors (of posts, or followed), in index order.</summary>
    public IdIndex Authors => Data.Authors;

    /// <summary>The normalised tags, in index order.</summary>
    public IdIndex Tags => Data.Tags;

    /// <summary>The moment the store was built: engagement ages and the velocity window were measured from it.</summary>
    public DateTimeOffset ReferenceTime => Data.ReferenceTime;

    /// <summary>Engagements counted when the store was built.</summary>
    public long AcceptedEngagements => Data.Accepted;

    /// <summary>Engagements skipped when the store was built (missing id, undefined kind, NaN weight).</summary>
    public long SkippedEngagements => Data.Skipped;

    internal FeatureStoreData Data { get; }

    internal bool[] PositiveKinds { get; }

    internal int[] PostPositive { get; }

    internal float[] PostPopularityLog { get; }

    internal float[] PostVelocityPositive { get; }

    internal float[] AuthorPopularity { get; }

    internal float[] AuthorPopularityLog { get; }

    internal float[] GlobalHourShare { get; }

    /// <summary>Streams the users, posts, follows and engagements of a data source into a new store.</summary>
    /// <param name="source">The data source.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="timeProvider">The clock; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Where a summary is logged; null for none.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<FeatureStore> BuildAsync(IRecommenderDataSource source, FeatureOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        timeProvider ??= TimeProvider.System;
        var started = timeProvider.GetTimestamp();
        var builder = new FeatureStoreBuilder(options, timeProvider);
        await foreach (var user in source.ReadUsersAsync(cancellationToken).ConfigureAwait(false))
        {
            builder.AddUser(user);
        }

        await foreach (var post in source.ReadPostsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            builder.AddPost(post);
        }

        await foreach (var follow in source.ReadFollowsAsync(cancellationToken).ConfigureAwait(false))
        {
            builder.AddFollow(follow);
        }

        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            builder.AddEngagement(e);
        }

        var store = builder.Build();
        Log.FeatureStoreBuilt(logger ?? NullLogger.Instance, store.Users.Count, store.Posts.Count, store.Authors.Count, store.Tags.Count, store.AcceptedEngagements, store.SkippedEngagements, timeProvider.GetElapsedTime(started).TotalSeconds);
        return store;
    }

    internal static ReadOnlySpan<int> Row(int[] ptr, int[] values, int row) => values.AsSpan(ptr[row], ptr[row + 1] - ptr[row]);

    internal static ReadOnlySpan<float> Row(int[] ptr, float[] values, int row) => values.AsSpan(ptr[row], ptr[row + 1] - ptr[row]);

    /// <summary>
    /// The co-engagement history of a user with engagements recorded since training: the posts the store knows that
    /// they engaged with positively since (newest first), then their trained history, without repeats and without
    /// posts they have since hidden; null when nothing was recorded for a known post.
    /// </summary>
    internal int[]? CoEngagementHistory(string userId, IReadOnlyList<Engagement> recent, EngagementWeightingOptions weighting)
    {
        var net = new Dictionary<int, float>();
        var order = new List<int>();
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var e = recent[i];
            if (!Posts.TryGetIndex(e.PostId, out var p))
            {
                continue;
            }

            ref var weight = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(net, p, out var existed);
            weight += weighting.WeightOf(e.Kind) * (e.Weight ?? 1f);
            if (!existed)
            {
                order.Add(p);
            }
        }

        if (order.Count == 0)
        {
            return null;
        }

        var history = new List<int>(order.Count + FeatureDefaults.CoEngagementScoringHistory);
        foreach (var p in order)
        {
            if (net[p] > 0f)
            {
                history.Add(p);
            }
        }

        foreach (var p in Data.CoEngagement.ScoringHistory(Users.IndexOf(userId)))
        {
            if (history.Count >= FeatureDefaults.CoEngagementScoringHistory)
            {
                break;
            }

            if (!net.ContainsKey(p))
            {
                history.Add(p);
            }
        }

        return [.. history];
    }
}
