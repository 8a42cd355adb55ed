using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// Reads user, post and pair features from a <see cref="FeatureStore"/>, a <see cref="ContentModel"/> (content
/// similarity) and an <see cref="NmfModel"/> (collaborative score), either of which may be absent. The models may
/// index users and posts differently from the store: ids are matched once, at construction. "Now" comes from the
/// <see cref="TimeProvider"/>. Immutable and safe to share between threads.
/// </summary>
public sealed partial class FeatureExtractor : IFeatureExtractor
{
    private const int Kinds = EngagementWeigher.KindCount;
    private readonly FeatureStoreData _data;
    private readonly CandidateRecord[] _records;
    private readonly float _freshnessHalfLifeHours;
    private readonly float _prior;
    private readonly int _preferredCount;

    /// <summary>Creates an extractor.</summary>
    /// <param name="store">The statistics computed at training time.</param>
    /// <param name="content">The content model; null leaves content similarity at 0 (flagged).</param>
    /// <param name="collaborative">The NMF model; null leaves the collaborative score at 0 (flagged).</param>
    /// <param name="options">
    /// Read-time options (<see cref="FeatureOptions.FreshnessHalfLife"/>, <see cref="FeatureOptions.TimeMatchPriorStrength"/>,
    /// <see cref="FeatureOptions.PreferredCount"/>); null for those the store was built with.
    /// </param>
    /// <param name="timeProvider">The clock "now" is read from; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public FeatureExtractor(FeatureStore store, ContentModel? content = null, NmfModel? collaborative = null, FeatureOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= store.Data.Options;
        options.Validate();
        Store = store;
        Content = content;
        Collaborative = collaborative;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _data = store.Data;
        _freshnessHalfLifeHours = (float)options.FreshnessHalfLife.TotalHours;
        _prior = options.TimeMatchPriorStrength;
        _preferredCount = Math.Min(options.PreferredCount, FeatureDefaults.MaxPreferredCount);
        _records = BuildRecords(store, content, collaborative);
    }

    /// <summary>The feature store.</summary>
    public FeatureStore Store { get; }

    /// <summary>The content model, if any.</summary>
    public ContentModel? Content { get; }

    /// <summary>The collaborative model, if any.</summary>
    public NmfModel? Collaborative { get; }

    /// <summary>The clock "now" is read from.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public UserFeatures GetUserFeatures(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var u = Store.Users.IndexOf(userId);
        if (u < 0)
        {
            return new UserFeatures
            {
                UserId = userId,
                CountsByKind = new int[Kinds],
                RatesByKind = new float[Kinds],
                ActivityByHour = new float[24],
                ActivityByWeekday = new float[7],
            };
        }

        var d = _data;
        var now = TimeProvider.GetUtcNow();
        var counts = d.UserKinds.AsSpan(u * Kinds, Kinds).ToArray();
        var total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var rates = new float[Kinds];
        for (var k = 0; k < Kinds; k++)
        {
            rates[k] = total > 0 ? (float)counts[k] / total : 0f;
        }

        var first = d.UserFirst[u];
        var last = d.UserLast[u];
        var created = d.UserCreated[u];
        var shareIdx = FeatureStore.Row(d.SharePtr, d.ShareIdx, u);
        var shareValues = FeatureStore.Row(d.SharePtr, d.ShareValues, u);
        var authors = new List<WeightedTerm>(shareIdx.Length);
        for (var k = 0; k < shareIdx.Length; k++)
        {
            authors.Add(new WeightedTerm(Store.Authors[shareIdx[k]], shareValues[k]));
        }

        authors.Sort((a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Term, b.Term));
        if (authors.Count > _preferredCount)
        {
            authors.RemoveRange(_preferredCount, authors.Count - _preferredCount);
        }

        var tagIdx = FeatureStore.Row(d.TagPrefPtr, d.TagPrefIdx, u);
        var tagValues = FeatureStore.Row(d.TagPrefPtr, d.TagPrefValues, u);
        var tags = new WeightedTerm[Math.Min(tagIdx.Length, _preferredCount)];
        for (var k = 0; k < tags.Length; k++)
        {
            tags[k] = new WeightedTerm(Store.Tags[tagIdx[k]], tagValues[k]);
        }

        return new UserFeatures
        {
            UserId = userId,
            IsKnown = true,
            AccountAge = created < 0 ? null : Positive(now.UtcTicks - created),
            TotalEngagements = total,
            CountsByKind = counts,
            RatesByKind = rates,
            ActivityByHour = Shares(d.UserHours.AsSpan(u * 24, 24)),
            ActivityByWeekday = Shares(d.UserDays.AsSpan(u * 7, 7)),
            PreferredTags = tags,
            PreferredAuthors = authors,
            DistinctPosts = d.SeenPtr[u + 1] - d.SeenPtr[u],
            FirstEngagementAt = first < 0 ? null : new DateTimeOffset(first, TimeSpan.Zero),
            LastEngagementAt = last < 0 ? null : new DateTimeOffset(last, TimeSpan.Zero),
            HistorySpan = first < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(last - first),
            FollowingCount = d.FollowPtr[u + 1] - d.FollowPtr[u],
        };
    }

    /// <inheritdoc />
    public PostFeatures GetPostFeatures(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var d = _data;
        var now = TimeProvider.GetUtcNow();
        var p = Store.Posts.IndexOf(post.Id);
        var a = string.IsNullOrEmpty(post.AuthorId) ? -1 : Store.Authors.IndexOf(post.AuthorId);
        var counts = p < 0 ? new int[Kinds] : d.PostKinds.AsSpan(p * Kinds, Kinds).ToArray();
        var total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var tags = new List<string>(post.Tags.Count);
        foreach (var tag in post.Tags)
        {
            if (TextTokenizer.NormalizeTag(tag) is { } normalized && !tags.Contains(normalized))
            {
                tags.Add(normalized);
            }
        }

        return new PostFeatures
        {
            PostId = post.Id,
            IsKnown = p >= 0,
            AuthorId = post.AuthorId,
            CreatedAt = post.CreatedAt,
            Age = Positive(now.UtcTicks - post.CreatedAt.UtcTicks),
            CountsByKind = counts,
            TotalEngagements = total,
            PositiveEngagements = p < 0 ? 0 : Store.PostPositive[p],
            UniqueUsers = p < 0 ? 0 : d.PostUsers[p],
            VelocityByKind = p < 0 ? new float[Kinds] : d.PostVelocity.AsSpan(p * Kinds, Kinds).ToArray(),
            AuthorKnown = a >= 0,
            AuthorFollowers = a < 0 ? 0 : d.AuthorFollowers[a],
            AuthorPostCount = a < 0 ? 0 : d.AuthorPosts[a],
            AuthorPopularity = a < 0 ? 0f : Store.AuthorPopularity[a],
            Tags = tags,
            TextLength = post.Text?.Length ?? 0,
            WordCount = post.Text is null ? 0 : TextTokenizer.CountWords(post.Text),
        };
    }

    /// <inheritdoc />
    public PairFeatures GetPairFeatures(string userId, Post post)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(post);
        var user = ResolveUser(userId);
        Span<float> row = stackalloc float[PairFeatureColumns.Count];
        ReadOnlySpan<int> index = [Store.Posts.IndexOf(post.Id)];
        FillPairFeatures(user, index, new ReadOnlySpan<Post?>(in post), row);
        return new PairFeatures
        {
            UserId = userId,
            PostId = post.Id,
            UserKnown = row[PairFeatureColumns.UserKnown] != 0f,
            PostKnown = row[PairFeatureColumns.PostKnown] != 0f,
            CollaborativeScore = row[PairFeatureColumns.CollaborativeScore],
            HasCollaborativeScore = row[PairFeatureColumns.HasCollaborativeScore] != 0f,
            ContentSimilarity = row[PairFeatureColumns.ContentSimilarity],
            HasContentSimilarity = row[PairFeatureColumns.HasContentSimilarity] != 0f,
            AuthorEngagementShare = row[PairFeatureColumns.AuthorEngagementShare],
            FollowsAuthor = row[PairFeatureColumns.FollowsAuthor] != 0f,
            AuthorAffinity = row[PairFeatureColumns.AuthorAffinity],
            TimeMatch = row[PairFeatureColumns.TimeMatch],
            Freshness = row[PairFeatureColumns.Freshness],
            AlreadySeen = row[PairFeatureColumns.AlreadySeen] != 0f,
            CoEngagementScore = row[PairFeatureColumns.CoEngagementScore],
            HasCoEngagementScore = row[PairFeatureColumns.HasCoEngagementScore] != 0f,
        };
    }

    private static CandidateRecord[] BuildRecords(FeatureStore store, ContentModel? content, NmfModel? collaborative)
    {
        var d = store.Data;
        var toContent = content is null ? null : MapPosts(store.Posts, content.Posts);
        var toCollaborative = collaborative is null ? null : MapPosts(store.Posts, collaborative.Posts);
        var records = new CandidateRecord[store.Posts.Count];
        for (var p = 0; p < records.Length; p++)
        {
            int start = 0, length = -1;
            if (toContent is not null && toContent[p] >= 0)
            {
                start = content!.PostPtr[toContent[p]];
                length = content.PostPtr[toContent[p] + 1] - start;
            }

            records[p] = new CandidateRecord(
                d.PostCreated[p],
                d.PostAuthor[p],
                toCollaborative?[p] ?? -1,
                start,
                length,
                store.PostPopularityLog[p],
                store.PostVelocityPositive[p]);
        }

        return records;
    }

    private static int[] MapPosts(IdIndex from, IdIndex to)
    {
        var map = new int[from.Count];
        if (ReferenceEquals(from, to))
        {
            for (var p = 0; p < map.Length; p++)
            {
                map[p] = p;
            }

            return map;
        }

        for (var p = 0; p < map.Length; p++)
        {
            map[p] = to.IndexOf(from[p]);
        }

        return map;
    }

    private static TimeSpan Positive(long ticks) => TimeSpan.FromTicks(Math.Max(0, ticks));

    private static float[] Shares(ReadOnlySpan<int> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var shares = new float[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = total > 0 ? (float)((double)counts[i] / total) : 0f;
        }

        return shares;
    }
}
