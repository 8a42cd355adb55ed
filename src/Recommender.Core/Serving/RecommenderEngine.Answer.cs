using System.Diagnostics;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    private const string RankOperation = "rank";

    /// <summary>Ranking requests up to this size run on the caller's thread under the budget's async part; larger ones on the pool, fully timed.</summary>
    private const int InlineCandidateLimit = 2_000;
    private const string RecommendOperation = "recommend";

    /// <inheritdoc />
    public ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<string> candidateIds, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        _validator.UserId(userId);
        _validator.CandidateIds(candidateIds);
        return RankCoreAsync(userId, candidateIds, null, filter, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<Post> candidates, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        _validator.UserId(userId);
        var ids = _validator.CandidatePosts(candidates);
        return RankCoreAsync(userId, ids, candidates, filter, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RecommendationResult> RecommendAsync(string userId, int count, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        _validator.UserId(userId);
        _validator.Count(count);
        return AnswerAsync(
            RecommendOperation,
            count,
            userId,
            (in RequestContext c, int v) => RequestKey.ForRecommend(c, v, count, filter),
            (context, token) => _model.RecommendAsync(context, count, filter, token),
            (context, token) => _fallback.RecommendAsync(context, count, filter, token),
            true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RecommendationResult>> RankBatchAsync(IReadOnlyList<RankRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StartBatch(RecommenderTelemetry.Spans.RankBatch, requests.Count);
        var results = new RecommendationResult[requests.Count];
        await Parallel.ForAsync(0, requests.Count, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
        {
            var request = requests[i] ?? throw new ArgumentException($"requests[{i}] is null.", nameof(requests));
            results[i] = await RankWithPostsAsync(request.UserId, request.CandidateIds, request.Posts, request.Filter, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RecommendationResult>> RecommendBatchAsync(IReadOnlyList<string> userIds, int count, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        _validator.Count(count);
        _validator.UserIds(userIds);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StartBatch(RecommenderTelemetry.Spans.RecommendBatch, userIds.Count);
        var results = new RecommendationResult[userIds.Count];
        await Parallel.ForAsync(0, userIds.Count, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
            results[i] = await RecommendAsync(userIds[i], count, filter, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private static Activity? StartBatch(string name, int size)
    {
        var activity = RecommenderMetrics.ActivitySource.StartActivity(name);
        activity?.SetTag(RecommenderTelemetry.Tags.BatchSize, size);
        return activity;
    }

    private ValueTask<RecommendationResult> RankWithPostsAsync(string userId, IReadOnlyList<string> candidateIds, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken)
    {
        if (posts is null || posts.Count == 0)
        {
            return RankAsync(userId, candidateIds, filter, cancellationToken);
        }

        _validator.UserId(userId);
        _validator.CandidateIds(candidateIds);
        _validator.CandidatePosts(posts, nameof(RankRequest.Posts));
        return RankCoreAsync(userId, candidateIds, posts, filter, cancellationToken);
    }

    private ValueTask<RecommendationResult> RankCoreAsync(string userId, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken) =>
        AnswerAsync(
            RankOperation,
            ids.Count,
            userId,
            (in RequestContext c, int v) => RequestKey.ForRank(c, v, ids, posts, filter),
            (context, token) => _model.RankAsync(context, ids, posts, filter, token),
            (context, token) => _fallback.RankAsync(context, ids, posts, filter, token),
            ids.Count <= InlineCandidateLimit,
            cancellationToken);

    private delegate RequestKey KeyFactory(in RequestContext context, int userVersion);

    /// <summary>
    /// The stages after validation: flags and variant, then the cache, then the model under the time budget (one
    /// computation for concurrent identical requests), else the heuristic. Model answers are cached; fallbacks are not
    /// (the next request tries the model again).
    /// </summary>
    private async ValueTask<RecommendationResult> AnswerAsync(
        string operation,
        int size,
        string userId,
        KeyFactory key,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> model,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> heuristic,
        bool inline,
        CancellationToken cancellationToken)
    {
        // A cancelled call throws, even when a cached answer is at hand.
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        using var activity = StartRequest(operation, size);
        var context = await _flags.ResolveAsync(userId, cancellationToken).ConfigureAwait(false);
        RecommendationResult result;
        bool? cacheHit = null;
        if (!context.Ml || context.Serving is null)
        {
            result = await HeuristicFallback.AnswerAsync(heuristic, context, context.Ml ? FallbackReason.NoModel : FallbackReason.Flag, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var cacheKey = key(context, _users.VersionOf(userId));
            var cacheable = _cache.Enabled;
            if (cacheable && _cache.TryGet(cacheKey, out var cached))
            {
                result = cached with { FromCache = true };
                cacheHit = true;
            }
            else
            {
                cacheHit = cacheable ? false : null;
                var attempt = new ModelAttempt(this, cacheable, context, model, inline);
                var outcome = await _singleFlight.RunAsync(cacheKey, attempt, static (k, a) => a.RunAsync(k), cancellationToken).ConfigureAwait(false);
                var fallbackContext = outcome.Failure == FallbackReason.Timeout ? context with { BudgetSpent = true } : context;
                result = outcome.Result ?? await HeuristicFallback.AnswerAsync(heuristic, fallbackContext, outcome.Failure, cancellationToken).ConfigureAwait(false);
            }
        }

        _metrics.Answered(operation, result, _timeProvider.GetElapsedTime(started), cacheHit, activity);
        return result;
    }

    /// <summary>The request's span (null when nobody listens): rank with its candidates, recommend with its count.</summary>
    private static Activity? StartRequest(string operation, int size)
    {
        var rank = ReferenceEquals(operation, RankOperation);
        var activity = RecommenderMetrics.ActivitySource.StartActivity(rank ? RecommenderTelemetry.Spans.Rank : RecommenderTelemetry.Spans.Recommend);
        activity?.SetTag(rank ? RecommenderTelemetry.Tags.Candidates : RecommenderTelemetry.Tags.Count, size);
        return activity;
    }

    /// <summary>The model's answer, or the reason the heuristic must answer.</summary>
    private readonly record struct ModelOutcome(RecommendationResult? Result, FallbackReason Failure);

    /// <summary>One run of the model for a request: under the time budget, cached when it answers. Never throws.</summary>
    private readonly record struct ModelAttempt(
        RecommenderEngine Engine,
        bool Cacheable,
        RequestContext Context,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> Model,
        bool Inline)
    {
        public async Task<ModelOutcome> RunAsync(RequestKey key)
        {
            var engine = Engine;
            var context = Context;
            var model = Model;
            try
            {
                var result = await engine._budget.RunAsync(token => model(context, token), Inline).ConfigureAwait(false);
                if (Cacheable)
                {
                    engine._cache.Set(key, result);
                }

                return new ModelOutcome(result, FallbackReason.None);
            }
            catch (TimeoutException)
            {
                Log.ModelTimedOut(engine._logger, context.UserId, engine._options.Current.Serving.TimeBudget.TotalMilliseconds);
                return new ModelOutcome(null, FallbackReason.Timeout);
            }
            catch (Exception ex)
            {
                Log.ModelFailed(engine._logger, ex, context.UserId);
                return new ModelOutcome(null, FallbackReason.Error);
            }
        }
    }
}
