using Microsoft.Extensions.Caching.Memory;
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
        Guard.NotNullOrEmpty(userId, nameof(userId));
        ArgumentNullException.ThrowIfNull(candidateIds);
        CheckCandidateCount(candidateIds.Count, nameof(candidateIds));
        for (var i = 0; i < candidateIds.Count; i++)
        {
            if (string.IsNullOrEmpty(candidateIds[i]))
            {
                throw new ArgumentException($"candidateIds[{i}] is null or empty.", nameof(candidateIds));
            }
        }

        return RankCoreAsync(userId, candidateIds, null, filter, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<RecommendationResult> RankAsync(string userId, IReadOnlyList<Post> candidates, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        ArgumentNullException.ThrowIfNull(candidates);
        CheckCandidateCount(candidates.Count, nameof(candidates));
        var ids = new string[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var post = candidates[i] ?? throw new ArgumentException($"candidates[{i}] is null.", nameof(candidates));
            ids[i] = string.IsNullOrEmpty(post.Id) ? throw new ArgumentException($"candidates[{i}] has no id.", nameof(candidates)) : post.Id;
        }

        return RankCoreAsync(userId, ids, candidates, filter, cancellationToken);
    }

    private ValueTask<RecommendationResult> RankWithPostsAsync(string userId, IReadOnlyList<string> candidateIds, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken)
    {
        if (posts is null || posts.Count == 0)
        {
            return RankAsync(userId, candidateIds, filter, cancellationToken);
        }

        Guard.NotNullOrEmpty(userId, nameof(userId));
        ArgumentNullException.ThrowIfNull(candidateIds);
        CheckCandidateCount(candidateIds.Count, nameof(candidateIds));
        return RankCoreAsync(userId, candidateIds, posts, filter, cancellationToken);
    }

    private ValueTask<RecommendationResult> RankCoreAsync(string userId, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken) =>
        AnswerAsync(
            RankOperation,
            userId,
            (in RequestContext c, int v) => RequestKey.ForRank(c, v, ids, posts, filter),
            (context, token) => RankWithModelAsync(context, ids, posts, filter, token),
            (context, token) => RankWithHeuristicAsync(context, ids, posts, filter, token),
            ids.Count <= InlineCandidateLimit,
            cancellationToken);

    /// <inheritdoc />
    public ValueTask<RecommendationResult> RecommendAsync(string userId, int count, RankingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        if (count < 1 || count > _options.Serving.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and Serving:MaxCount ({_options.Serving.MaxCount}).");
        }

        return AnswerAsync(
            RecommendOperation,
            userId,
            (in RequestContext c, int v) => RequestKey.ForRecommend(c, v, count, filter),
            (context, token) => RecommendWithModelAsync(context, count, filter, token),
            (context, token) => RecommendWithHeuristicAsync(context, count, filter, token),
            true,
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RecommendationResult>> RankBatchAsync(IReadOnlyList<RankRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
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
        if (count < 1 || count > _options.Serving.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and Serving:MaxCount ({_options.Serving.MaxCount}).");
        }

        for (var i = 0; i < userIds.Count; i++)
        {
            if (string.IsNullOrEmpty(userIds[i]))
            {
                throw new ArgumentException($"userIds[{i}] is null or empty.", nameof(userIds));
            }
        }

        var results = new RecommendationResult[userIds.Count];
        await Parallel.ForAsync(0, userIds.Count, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
            results[i] = await RecommendAsync(userIds[i], count, filter, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private delegate RequestKey KeyFactory(in RequestContext context, int userVersion);

    /// <summary>
    /// The common path: flags and variant, then the cache, then the model under the time budget (one computation for
    /// concurrent identical requests), else the heuristic. Model answers are cached; fallbacks are not (the next
    /// request tries the model again).
    /// </summary>
    private async ValueTask<RecommendationResult> AnswerAsync(
        string operation,
        string userId,
        KeyFactory key,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> model,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> heuristic,
        bool inline,
        CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var context = await ContextAsync(userId, cancellationToken).ConfigureAwait(false);
        RecommendationResult result;
        if (!context.Ml || context.Serving is null)
        {
            result = await FallbackAsync(heuristic, context, context.Ml ? FallbackReason.NoModel : FallbackReason.Flag, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var userVersion = _users.TryGetValue(userId, out var user) ? user.Version : 0;
            var cacheKey = key(context, userVersion);
            var cacheable = _options.Serving.CacheDuration > TimeSpan.Zero;
            if (cacheable && _cache.TryGetValue(cacheKey, out RecommendationResult? cached) && cached is not null)
            {
                _metrics.CacheLookup(hit: true);
                result = cached with { FromCache = true };
            }
            else
            {
                if (cacheable)
                {
                    _metrics.CacheLookup(hit: false);
                }

                var outcome = await ComputeOnceAsync(cacheKey, cacheable, context, model, inline, cancellationToken).ConfigureAwait(false);
                var fallbackContext = outcome.Failure == FallbackReason.Timeout ? context with { BudgetSpent = true } : context;
                result = outcome.Result ?? await FallbackAsync(heuristic, fallbackContext, outcome.Failure, cancellationToken).ConfigureAwait(false);
            }
        }

        _metrics.Answered(operation, result, _timeProvider.GetElapsedTime(started));
        return result;
    }

    /// <summary>Runs the model once for concurrent identical requests.</summary>
    private async Task<ModelOutcome> ComputeOnceAsync(
        RequestKey key,
        bool cacheable,
        RequestContext context,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> model,
        bool inline,
        CancellationToken cancellationToken)
    {
        var lazy = _inflight.GetOrAdd(key, k => new Lazy<Task<ModelOutcome>>(() => RunModelAsync(k, cacheable, context, model, inline)));
        return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model's answer, or why there is none. Never throws.</summary>
    private async Task<ModelOutcome> RunModelAsync(
        RequestKey key,
        bool cacheable,
        RequestContext context,
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> model,
        bool inline)
    {
        try
        {
            var result = await WithinBudgetAsync(token => model(context, token), inline).ConfigureAwait(false);
            if (cacheable)
            {
                using var entry = _cache.CreateEntry(key);
                entry.Value = result;
                entry.Size = 1;
                entry.AbsoluteExpirationRelativeToNow = _options.Serving.CacheDuration;
            }

            return new ModelOutcome(result, FallbackReason.None);
        }
        catch (TimeoutException)
        {
            Log.ModelTimedOut(_logger, context.UserId, _options.Serving.TimeBudget.TotalMilliseconds);
            return new ModelOutcome(null, FallbackReason.Timeout);
        }
        catch (Exception ex)
        {
            Log.ModelFailed(_logger, ex, context.UserId);
            return new ModelOutcome(null, FallbackReason.Error);
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Runs work under the time budget. Inline (the common case: a ranking of known posts, tens of microseconds) the work
    /// starts on the calling thread and only what it awaits (data source lookups) is timed: no thread hop, no timer when
    /// it completes synchronously. Otherwise (large requests) it runs on the thread pool and all of it is timed.
    /// </summary>
    private async ValueTask<T> WithinBudgetAsync<T>(Func<CancellationToken, ValueTask<T>> work, bool inline = true)
    {
        var budget = _options.Serving.TimeBudget;
        if (budget == Timeout.InfiniteTimeSpan)
        {
            return await work(_disposed.Token).ConfigureAwait(false);
        }

        var started = _timeProvider.GetTimestamp();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        Task<T> task;
        if (inline)
        {
            var pending = work(cts.Token);
            if (pending.IsCompletedSuccessfully)
            {
                cts.Dispose();
                return pending.Result;
            }

            task = pending.AsTask();
        }
        else
        {
            task = Task.Run(() => work(cts.Token).AsTask(), cts.Token);
        }

        try
        {
            var remaining = budget - _timeProvider.GetElapsedTime(started);
            var result = await task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _timeProvider).ConfigureAwait(false);
            cts.Dispose();
            return result;
        }
        catch (TimeoutException)
        {
            // The model's work is abandoned: cancel what can be cancelled (lookups); the token source is left to the GC
            // because the abandoned work may still observe it.
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<RecommendationResult> FallbackAsync(
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> heuristic,
        RequestContext context,
        FallbackReason reason,
        CancellationToken cancellationToken)
    {
        var result = await heuristic(context, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Source = RecommendationSource.Fallback, ModelVersion = null };
    }

    private async ValueTask<RequestContext> ContextAsync(string userId, CancellationToken cancellationToken)
    {
        var ml = await IsOnAsync(FeatureFlagNames.MlRecommendations, userId, cancellationToken).ConfigureAwait(false);
        var personalized = await IsOnAsync(FeatureFlagNames.PersonalizedFeed, userId, cancellationToken).ConfigureAwait(false);
        var engagement = await IsOnAsync(FeatureFlagNames.EngagementRanking, userId, cancellationToken).ConfigureAwait(false);
        var state = State;
        var variant = AssignVariant(userId);
        if (!state.Variants.ContainsKey(variant))
        {
            variant = Recommender.Training.ModelVariants.Default;
        }

        return new RequestContext(userId, ml, personalized, engagement, variant, state);
    }

    private async ValueTask<bool> IsOnAsync(string name, string userId, CancellationToken cancellationToken)
    {
        FeatureFlag? flag;
        try
        {
            flag = await _flags.GetFlagAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FlagProviderFailed(_logger, ex, name);
            flag = null;
        }

        if (flag is null)
        {
            var percentage = _options.Serving.DefaultFlags.GetValueOrDefault(name, 100);
            flag = new FeatureFlag(name, percentage > 0, percentage);
        }

        return UserBucket.IsOn(flag, userId);
    }

    /// <summary>The user's A/B variant: one bucket (0-99) shared by all variants, cut in the order of their names.</summary>
    private string AssignVariant(string userId)
    {
        var variants = _options.Serving.Variants;
        if (variants.Count == 0)
        {
            return Recommender.Training.ModelVariants.Default;
        }

        var bucket = UserBucket.Of("variant-split", userId);
        var edge = 0;
        foreach (var (name, percentage) in variants.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            edge += percentage;
            if (bucket < edge)
            {
                return name;
            }
        }

        return Recommender.Training.ModelVariants.Default;
    }

    private void CheckCandidateCount(int count, string name)
    {
        if (count > _options.Serving.MaxCandidates)
        {
            throw new ArgumentException($"{count} candidates exceed Serving:MaxCandidates ({_options.Serving.MaxCandidates}).", name);
        }
    }

    /// <summary>The model's answer, or the reason the heuristic must answer.</summary>
    private readonly record struct ModelOutcome(RecommendationResult? Result, FallbackReason Failure);
}
