using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// What a host calls to rank and recommend: never throws for data conditions (no model, a failing or slow model or
/// data source: the heuristic answers, marked as fallback); throws only for programmer errors (null or empty ids,
/// negative counts, limits exceeded). <see cref="RecommenderEngine"/> implements it; register it with
/// <c>services.AddRecommender()</c> or create it directly.
/// </summary>
public interface IRecommender
{
    /// <summary>Ranks the host's candidates for a user, best first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="candidateIds">
    /// The post ids to rank; duplicates are ranked once; ids neither the model's catalogue nor the data source knows are
    /// reported in <see cref="RecommendationResult.UnknownCandidates"/>, not ranked. When the lookup itself fails or runs
    /// out of time (a fallback answer), every id is ranked from what is known locally, unknown ones by their live
    /// popularity alone.
    /// </param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ArgumentException">An id is null or empty, or there are more than <see cref="ServingOptions.MaxCandidates"/> candidates.</exception>
    ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<string> candidateIds, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Ranks candidates the host describes itself (posts that may not be stored yet), best first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="candidates">The posts to rank.</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<Post> candidates, RankingFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Recommends up to <paramref name="count"/> posts for a user from the whole catalogue.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="count">How many posts at most, 1 to <see cref="ServingOptions.MaxCount"/>.</param>
    /// <param name="filter">What to leave out; null for nothing.</param>
    /// <param name="cancellationToken">Stops the request.</param>
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
    /// condition: ignored and counted by the metric <c>recommender.engagements.ignored</c>.</summary>
    /// <param name="engagement">The engagement.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="ArgumentException">The user or post id is null or empty, or the kind is undefined.</exception>
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
