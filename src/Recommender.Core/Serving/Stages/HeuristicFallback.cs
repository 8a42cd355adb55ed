using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// Stage 7 of a request: the heuristic's answer (popular now, from popular authors, fresh; newest first when the
/// <c>engagementRanking</c> flag is off), marked <see cref="RecommendationSource.Fallback"/> with the reason the model
/// did not answer. Needs no model.
/// </summary>
internal sealed class HeuristicFallback
{
    private readonly Func<RecommenderOptions> _options;
    private readonly PostResolver _posts;
    private readonly UserStateStore _users;
    private readonly TimeBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly HeuristicScorer _heuristic;
    private readonly HeuristicScorer _newestFirst;

    /// <summary>A fallback over fixed options (tests).</summary>
    public HeuristicFallback(RecommenderOptions options, PopularityIndex popularity, PostResolver posts, UserStateStore users, TimeBudget budget, TimeProvider timeProvider)
        : this(options, () => options, popularity, posts, users, budget, timeProvider)
    {
    }

    /// <summary>A fallback whose heuristic weights are fixed at <paramref name="options"/> and whose serving and ranking options are read at every request from <paramref name="current"/>.</summary>
    public HeuristicFallback(RecommenderOptions options, Func<RecommenderOptions> current, PopularityIndex popularity, PostResolver posts, UserStateStore users, TimeBudget budget, TimeProvider timeProvider)
    {
        _options = current;
        _posts = posts;
        _users = users;
        _budget = budget;
        _timeProvider = timeProvider;
        _heuristic = new HeuristicScorer(options.Heuristic, popularity);
        _newestFirst = new HeuristicScorer(
            new HeuristicOptions { EngagementWeight = 0, AuthorWeight = 0, FreshnessWeight = 1, TrendingWeight = 0, FreshnessHalfLife = options.Heuristic.FreshnessHalfLife, PopularityHalfLife = options.Heuristic.PopularityHalfLife, TrendingHalfLife = options.Heuristic.TrendingHalfLife },
            popularity);
    }

    /// <summary>Runs a heuristic answer and marks it as a fallback for <paramref name="reason"/>.</summary>
    public static async ValueTask<RecommendationResult> AnswerAsync(
        Func<RequestContext, CancellationToken, ValueTask<RecommendationResult>> heuristic,
        RequestContext context,
        FallbackReason reason,
        CancellationToken cancellationToken)
    {
        var result = await heuristic(context, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Source = RecommendationSource.Fallback, ModelVersion = null };
    }

    /// <summary>
    /// The heuristic ranking of the candidates. Post lookups run under the time budget (none when the model already
    /// used it up); when they fail, candidates are ranked from what is known locally, and ids known nowhere still take
    /// part (ranked by their live popularity alone).
    /// </summary>
    public async ValueTask<RecommendationResult> RankAsync(RequestContext context, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken)
    {
        var catalog = context.Serving?.Ranker.Catalog;
        List<Post> found;
        IReadOnlyList<string> unknown;
        if (context.BudgetSpent)
        {
            (found, unknown) = _posts.ResolveLocally(ids, posts, catalog);
        }
        else
        {
            try
            {
                (found, unknown) = await _budget.RunAsync(token => _posts.ResolveAsync(ids, posts, catalog, token)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (found, unknown) = _posts.ResolveLocally(ids, posts, catalog);
            }
        }

        return new RecommendationResult
        {
            UserId = context.UserId,
            Items = Score(context, found, filter, int.MaxValue),
            Source = RecommendationSource.Fallback,
            Variant = context.Variant,
            UnknownCandidates = unknown,
        };
    }

    public ValueTask<RecommendationResult> RecommendAsync(RequestContext context, int count, RankingFilter? filter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var since = _timeProvider.GetUtcNow() - _options().Serving.HeuristicWarmup;
        var candidates = _posts.PublishedSince(since);
        return ValueTask.FromResult(new RecommendationResult
        {
            UserId = context.UserId,
            Items = Score(context, candidates, filter, count),
            Source = RecommendationSource.Fallback,
            Variant = context.Variant,
        });
    }

    private RankedPost[] Score(in RequestContext context, List<Post> candidates, RankingFilter? filter, int limit)
    {
        var seen = _users.TryGet(context.UserId, out var state) ? state.Snapshot().Select(e => e.PostId).ToHashSet(StringComparer.Ordinal) : null;
        var posts = new Post?[candidates.Count];
        var kept = CandidateAdmission.Admit(candidates, filter, seen, posts);
        var scorer = context.Engagement ? _heuristic : _newestFirst;
        var now = _timeProvider.GetUtcNow();
        var scored = new (Post Post, float Score)[kept];
        for (var i = 0; i < kept; i++)
        {
            scored[i] = (posts[i]!, scorer.Score(posts[i]!, now));
        }

        Array.Sort(scored, static (a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : string.CompareOrdinal(a.Post.Id, b.Post.Id);
        });
        var take = Math.Min(limit, scored.Length);
        var items = new RankedPost[take];
        var reasons = new List<string>();
        for (var i = 0; i < take; i++)
        {
            IReadOnlyList<string> why = [];
            if (i < _options().Ranking.ExplainTop)
            {
                reasons.Clear();
                scorer.Explain(scored[i].Post, now, reasons);
                why = [.. reasons];
            }

            items[i] = new RankedPost(scored[i].Post.Id, scored[i].Score, RecommendationSource.Fallback, why);
        }

        return items;
    }
}
