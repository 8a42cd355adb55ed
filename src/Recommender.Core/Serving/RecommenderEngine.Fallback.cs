using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    /// <summary>
    /// The heuristic ranking of the candidates. Post lookups run under the time budget (none when the model already
    /// used it up); when they fail, candidates are ranked from what is known locally, and ids known nowhere still take
    /// part (ranked by their live popularity alone).
    /// </summary>
    private async ValueTask<RecommendationResult> RankWithHeuristicAsync(RequestContext context, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken)
    {
        var catalog = context.Serving?.Ranker.Catalog;
        List<Post> found;
        IReadOnlyList<string> unknown;
        if (context.BudgetSpent)
        {
            found = LocalPosts(ids, posts, catalog);
            unknown = [];
        }
        else
        {
            try
            {
                (found, unknown) = await WithinBudgetAsync(token => ResolvePostsAsync(ids, posts, catalog, token)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                found = LocalPosts(ids, posts, catalog);
                unknown = [];
            }
        }

        return new RecommendationResult
        {
            UserId = context.UserId,
            Items = Heuristic(context, found, filter, int.MaxValue),
            Source = RecommendationSource.Fallback,
            Variant = context.Variant,
            UnknownCandidates = unknown,
        };
    }

    private ValueTask<RecommendationResult> RecommendWithHeuristicAsync(RequestContext context, int count, RankingFilter? filter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var since = _timeProvider.GetUtcNow() - _options.Serving.HeuristicWarmup;
        var candidates = _posts.Values.Where(p => p.CreatedAt >= since).ToList();
        return ValueTask.FromResult(new RecommendationResult
        {
            UserId = context.UserId,
            Items = Heuristic(context, candidates, filter, count),
            Source = RecommendationSource.Fallback,
            Variant = context.Variant,
        });
    }

    private RankedPost[] Heuristic(in RequestContext context, List<Post> candidates, RankingFilter? filter, int limit)
    {
        var seen = _users.TryGetValue(context.UserId, out var state) ? state.Snapshot().Select(e => e.PostId).ToHashSet(StringComparer.Ordinal) : null;
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
            if (i < _options.Ranking.ExplainTop)
            {
                reasons.Clear();
                scorer.Explain(scored[i].Post, now, reasons);
                why = [.. reasons];
            }

            items[i] = new RankedPost(scored[i].Post.Id, scored[i].Score, RecommendationSource.Fallback, why);
        }

        return items;
    }

    /// <summary>Candidates from local knowledge only (the data source failed): unknown ids become bare posts.</summary>
    private List<Post> LocalPosts(IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, PostCatalog? catalog)
    {
        var given = posts?.Where(p => p is not null && !string.IsNullOrEmpty(p.Id)).GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new List<Post>(ids.Count);
        foreach (var id in ids)
        {
            if (given is not null && given.TryGetValue(id, out var g))
            {
                found.Add(g);
            }
            else if (catalog is not null && catalog.TryGet(id, out var c))
            {
                found.Add(c);
            }
            else if (_posts.TryGetValue(id, out var cached))
            {
                found.Add(cached);
            }
            else
            {
                found.Add(new Post(id, null, DateTimeOffset.MinValue));
            }
        }

        return found;
    }
}
