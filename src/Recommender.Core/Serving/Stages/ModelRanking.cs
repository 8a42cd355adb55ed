using Recommender.Content;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

/// <summary>
/// Stage 6 of a request: the model's answer, from the request's snapshot of the serving state, for the user as the
/// ranker should see them (their flags, and what was folded in from engagements recorded since training). Throws
/// what the model or the data source throws; the engine turns that into a fallback.
/// </summary>
internal sealed class ModelRanking(RecommenderOptions options, PostResolver posts, UserStateStore users, ModelSwap swap, TimeProvider timeProvider)
{
    public async ValueTask<RecommendationResult> RankAsync(RequestContext context, IReadOnlyList<string> ids, IReadOnlyList<Post>? given, RankingFilter? filter, CancellationToken cancellationToken)
    {
        var (loaded, ranker) = context.Serving!.Value;
        var (found, unknown) = await posts.ResolveAsync(ids, given, ranker.Catalog, cancellationToken).ConfigureAwait(false);
        var items = ranker.Rank(UserFor(context, loaded), found, filter, int.MaxValue);
        return new RecommendationResult
        {
            UserId = context.UserId,
            Items = items,
            Source = RecommendationSource.Model,
            ModelVersion = loaded.Info.Version,
            Variant = context.Variant,
            UnknownCandidates = unknown,
        };
    }

    public ValueTask<RecommendationResult> RecommendAsync(RequestContext context, int count, RankingFilter? filter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        swap.MaybeRefreshCatalog();
        var (loaded, ranker) = context.Serving!.Value;
        var items = ranker.Recommend(UserFor(context, loaded), count, filter);
        return ValueTask.FromResult(new RecommendationResult
        {
            UserId = context.UserId,
            Items = items,
            Source = RecommendationSource.Model,
            ModelVersion = loaded.Info.Version,
            Variant = context.Variant,
        });
    }

    /// <summary>The user as the ranker should see them: flags, and what was folded in from engagements since training.</summary>
    private RankingUser UserFor(in RequestContext context, LoadedModel loaded)
    {
        var user = new RankingUser(context.UserId) { Personalized = context.Personalized, UseEngagement = context.Engagement, LivePosts = users.Posts.IsEmpty ? null : users.Posts };
        if (!users.TryGet(context.UserId, out var state) || state.IsEmpty)
        {
            return user;
        }

        var model = loaded.Model;
        var userId = context.UserId;
        var overrides = state.GetOverrides(loaded.Info.Version, recent => FoldIn(model, userId, recent));
        return user with
        {
            Profile = context.Personalized ? overrides.Profile : null,
            CollaborativeFactors = context.Personalized ? overrides.CollaborativeFactors : null,
            CoEngagementHistory = context.Personalized ? overrides.CoEngagementHistory : null,
            RecentlySeen = overrides.RecentlySeen,
        };
    }

    /// <summary>
    /// Folds engagements recorded since training into the user's tastes: a content profile merged with the trained one,
    /// and NMF factors solved from the trained engagements (at the model's mean weight: their exact weights are not
    /// kept) plus the new ones, and the co-engagement history (the new positive engagements with posts the model
    /// knows, newest first, then the trained history). Hidden or reported posts count as seen.
    /// </summary>
    private UserState.Overrides FoldIn(RecommenderModel model, string userId, Engagement[] recent)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var newPosts = new Dictionary<string, Post>(StringComparer.Ordinal);
        foreach (var e in recent)
        {
            seen.Add(e.PostId);
            if (!model.Content.Posts.TryGetIndex(e.PostId, out _) && posts.TryGet(e.PostId, out var post))
            {
                newPosts[e.PostId] = post;
            }
        }

        var content = model.Content;
        var profile = ContentProfiles.Merge(content.GetProfile(userId), content.BuildProfile(recent, newPosts, timeProvider), 1f, content.Options.ProfileTerms);
        float[]? factors = null;
        if (model.Collaborative is { } nmf)
        {
            var fresh = InteractionMatrix.Create(recent.Select(e => e with { UserId = userId }), options.Weighting, timeProvider);
            var trained = new List<int>();
            var weights = new List<float>();
            if (nmf.Users.TryGetIndex(userId, out var u))
            {
                foreach (var p in nmf.GetSeenPosts(u))
                {
                    trained.Add(p);
                    weights.Add(nmf.Summary.MeanWeight);
                }
            }

            if (fresh.Users.Count > 0)
            {
                var local = fresh.GetUserPosts(0);
                var localWeights = fresh.GetUserWeights(0);
                for (var i = 0; i < local.Length; i++)
                {
                    trained.Add(nmf.Posts.IndexOf(fresh.Posts[local[i]]));
                    weights.Add(localWeights[i]);
                }
            }

            factors = nmf.FoldIn([.. trained], [.. weights]);
        }

        return new UserState.Overrides(profile, factors, seen, model.Features.CoEngagementHistory(userId, recent, options.Weighting));
    }
}
