using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// What a host calls to rank and recommend: never throws for data conditions (no model, a failing or slow model or
/// data source, unknown or over-long candidate ids: the heuristic answers, marked as fallback, or the ids are reported
/// unknown); throws only for programmer errors (null or empty ids, a user id longer than
/// <see cref="ServingOptions.MaxIdLength"/>, counts out of range, limits exceeded), and
/// <see cref="OperationCanceledException"/> when the call's token is cancelled: a cancelled call throws, even when a
/// cached answer is at hand (arguments are checked first). Null collections on a <see cref="Post"/> read as empty.
/// <see cref="RecommenderEngine"/> implements it; register it with <c>services.AddRecommender()</c> or create it directly.
/// </summary>
public interface IRecommender
{
    /// <summary>Ranks the host's candidates for a user, best first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="candidateIds">
    /// The post ids to rank; duplicates are ranked once; ids neither the model's catalogue nor the data source knows are
    /// reported in <see cref="RecommendationResult.UnknownCandidates"/>, not ranked. When the lookup itself fails or runs
    /// out of time (a fallback answer), every id is ranked from what is known locally, unknown ones by their live
    /// popularity alone. Ids longer than <see cref="ServingOptions.MaxIdLength"/> are always reported unknown, never
    /// looked up or ranked.
    /// </param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ArgumentException">
    /// The user id is null, empty or longer than <see cref="ServingOptions.MaxIdLength"/>, a candidate id is null or
    /// empty, or there are more than <see cref="ServingOptions.MaxCandidates"/> candidates.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<string> candidateIds, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Ranks candidates the host describes itself (posts that may not be stored yet), best first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="candidates">The posts to rank; a post whose id is longer than <see cref="ServingOptions.MaxIdLength"/> is reported unknown.</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ArgumentException">
    /// The user id is invalid (as for the ids overload), a candidate is null (the message names its index) or has no
    /// id, or there are more than <see cref="ServingOptions.MaxCandidates"/> candidates.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<Post> candidates, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Recommends up to <paramref name="count"/> posts for a user from the whole catalogue.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="count">How many posts at most, 1 to <see cref="ServingOptions.MaxCount"/>.</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above <see cref="ServingOptions.MaxCount"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<RecommendationResult> RecommendAsync(string userId, int count, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Ranks for many users; answers in request order.</summary>
    /// <param name="requests">The requests.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    ValueTask<IReadOnlyList<RecommendationResult>> RankBatchAsync(IReadOnlyList<RankRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Recommends for many users; answers in the order of the users.</summary>
    /// <param name="userIds">The users.</param>
    /// <param name="count">How many posts per user.</param>
    /// <param name="filter">What to leave out for everyone; null for nothing.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    ValueTask<IReadOnlyList<RecommendationResult>> RecommendBatchAsync(IReadOnlyList<string> userIds, int count, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Records an engagement as it happens: the user's cached answers are dropped and their tastes folded in
    /// again, so the next call reflects it; popularity counts update at once. An engagement dated more than
    /// <c>Weighting:MaxClockSkew</c> (default 1 day) after the clock, or with a finite weight beyond ±1,000,000, is a data
    /// condition: ignored and counted by the metric <c>recommender.engagements.ignored</c>. With an
    /// <see cref="IEngagementPropagation"/> (<c>UsePostgres</c> registers one) every other instance applies it too, and the
    /// same engagement (user, post, kind, timestamp) recorded or delivered again counts once.</summary>
    /// <param name="engagement">The engagement.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="ArgumentException">The user or post id is null, empty or longer than <see cref="ServingOptions.MaxIdLength"/>, the kind is undefined, or the weight is not finite.</exception>
    ValueTask RecordEngagementAsync(Engagement engagement, CancellationToken cancellationToken = default);

    /// <summary>A user's features (zeros and <c>IsKnown = false</c> for a user the model does not know).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    ValueTask<UserFeatures> GetUserFeaturesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>A post's features, or null when neither the model nor the data source knows the post.</summary>
    /// <param name="postId">The post.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    ValueTask<PostFeatures?> GetPostFeaturesAsync(string postId, CancellationToken cancellationToken = default);

    /// <summary>The features of a (user, post) pair, or null when the post is unknown.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="postId">The post.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    ValueTask<PairFeatures?> GetPairFeaturesAsync(string userId, string postId, CancellationToken cancellationToken = default);

    /// <summary>What is serving: active versions, model age, last training, counters.</summary>
    RecommenderStatus GetStatus();
}
