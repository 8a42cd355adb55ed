using System.Buffers;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Ranks posts for a user with a trained <see cref="RecommenderModel"/>: every signal (collaborative score, content
/// similarity, author affinity, time match, freshness, popularity) is computed per candidate and blended (learned
/// at training time, or hand weights), then the feed is shaped: already-seen posts dropped, caller filters applied,
/// ties broken by post id, no long runs of one author, and the first results explained. Immutable and thread-safe.
/// </summary>
public sealed partial class HybridRanker
{
    private const int F = PairFeatureColumns.Count;
    private readonly FeatureExtractor _extractor;
    private readonly RankingOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a ranker over a model.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">Feed shaping options; null for the defaults (the blend itself comes from the model).</param>
    /// <param name="timeProvider">The clock ("now" for freshness); null for the system clock.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public HybridRanker(RecommenderModel model, RankingOptions? options = null, TimeProvider? timeProvider = null)
        : this(model, options ?? new RankingOptions(), timeProvider ?? TimeProvider.System, null)
    {
    }

    private HybridRanker(RecommenderModel model, RankingOptions options, TimeProvider timeProvider, PostCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        Model = model;
        _options = options;
        _timeProvider = timeProvider;
        _extractor = new FeatureExtractor(model.Features, model.Content, model.Collaborative, null, timeProvider);
        Catalog = catalog ?? PostCatalog.FromModel(model);
    }

    private HybridRanker(HybridRanker source, PostCatalog catalog)
    {
        Model = source.Model;
        _options = source._options;
        _timeProvider = source._timeProvider;
        _extractor = source._extractor;
        Catalog = catalog;
    }

    /// <summary>The model this ranker uses.</summary>
    public RecommenderModel Model { get; }

    /// <summary>The feature extractor over the model (for hosts that read features).</summary>
    public IFeatureExtractor Features => _extractor;

    internal PostCatalog Catalog { get; }

    internal FeatureExtractor Extractor => _extractor;

    /// <summary>
    /// A ranker that can also recommend posts published after training (the model still scores them as new posts
    /// from their content, author and freshness). Posts with a known id replace the catalogue's copy.
    /// </summary>
    /// <param name="posts">Posts to add to the catalogue.</param>
    public HybridRanker WithPosts(IEnumerable<Post> posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        return new HybridRanker(this, Catalog.With(posts));
    }

    /// <summary>
    /// Ranks a host's candidates for a user, best first. Duplicated ids are ranked once; posts the user already
    /// engaged with are left out when <see cref="RankingOptions.DropSeen"/>; an empty list gives an empty result;
    /// an unknown user is ranked as a new one (cold start).
    /// </summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="candidates">The posts to rank.</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <exception cref="ArgumentException">The user id is null or empty, or a candidate is null or has no id.</exception>
    public IReadOnlyList<RankedPost> Rank(string userId, IReadOnlyList<Post> candidates, RankingFilter? filter = null)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        return Rank(new RankingUser(userId), candidates, filter, int.MaxValue);
    }

    /// <summary>
    /// Recommends up to <paramref name="count"/> posts from the catalogue (the model's posts plus those added with
    /// <see cref="WithPosts"/>): candidates come from the collaborative model, the co-engagement graph, fresh posts and popular posts, then are
    /// ranked as by <see cref="Rank(string, IReadOnlyList{Post}, RankingFilter?)"/>.
    /// </summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="count">How many posts at most; 1 or more (as <c>IRecommender.RecommendAsync</c>: asking for none is a programmer error).</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is 0 or negative.</exception>
    public IReadOnlyList<RankedPost> Recommend(string userId, int count, RankingFilter? filter = null)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Recommend(new RankingUser(userId), count, filter);
    }

    /// <summary>Recommends for many users at once, in parallel; results are in the order of the users.</summary>
    /// <param name="userIds">The users.</param>
    /// <param name="count">How many posts per user; 1 or more.</param>
    /// <param name="filter">What to leave out for everyone; null for nothing.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; -1 for every core.</param>
    public IReadOnlyList<IReadOnlyList<RankedPost>> RecommendBatch(IReadOnlyList<string> userIds, int count, RankingFilter? filter = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        foreach (var id in userIds)
        {
            Guard.NotNullOrEmpty(id, nameof(userIds));
        }

        var results = new IReadOnlyList<RankedPost>[userIds.Count];
        Parallel.For(0, userIds.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
            results[i] = Recommend(new RankingUser(userIds[i]), count, filter));
        return results;
    }

    /// <summary>Ranks the candidates of many users at once, in parallel; results are in request order.</summary>
    /// <param name="requests">Each user's id and candidates.</param>
    /// <param name="filter">What to leave out for everyone; null for nothing.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; -1 for every core.</param>
    public IReadOnlyList<IReadOnlyList<RankedPost>> RankBatch(IReadOnlyList<(string UserId, IReadOnlyList<Post> Candidates)> requests, RankingFilter? filter = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var (userId, candidates) in requests)
        {
            Guard.NotNullOrEmpty(userId, nameof(requests));
            ArgumentNullException.ThrowIfNull(candidates, nameof(requests));
        }

        var results = new IReadOnlyList<RankedPost>[requests.Count];
        Parallel.For(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
            results[i] = Rank(new RankingUser(requests[i].UserId), requests[i].Candidates, filter, int.MaxValue));
        return results;
    }

    /// <summary>Blend logits of candidates (ordering only: the calibrated score saturates) without any feed shaping (evaluation and diagnostics).</summary>
    internal void Score(in RankingUser user, ReadOnlySpan<int> storePosts, ReadOnlySpan<Post?> candidates, Span<float> scores)
    {
        var n = storePosts.Length;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n * F));
        try
        {
            var rows = buffer.AsSpan(0, n * F);
            _extractor.FillPairFeatures(Resolve(user), storePosts, candidates, rows);
            var blend = Model.Blend;
            for (var i = 0; i < n; i++)
            {
                var row = rows.Slice(i * F, F);
                if (!user.UseEngagement)
                {
                    ClearEngagement(row);
                }

                scores[i] = blend.Logit(row);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private Features.PairUser Resolve(in RankingUser user) =>
        user.Personalized
            ? _extractor.ResolveUser(user.UserId, user.Profile, user.CollaborativeFactors, user.CoEngagementHistory, user.LivePosts)
            : _extractor.ResolveUser(null, live: user.LivePosts);

    private static void ClearEngagement(Span<float> row)
    {
        row[PairFeatureColumns.PostPopularity] = 0f;
        row[PairFeatureColumns.PostVelocity] = 0f;
        row[PairFeatureColumns.AuthorPopularity] = 0f;
    }
}
