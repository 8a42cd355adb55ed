using Recommender.Content;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    private async ValueTask<RecommendationResult> RankWithModelAsync(RequestContext context, IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, RankingFilter? filter, CancellationToken cancellationToken)
    {
        var (loaded, ranker) = context.Serving!.Value;
        var (found, unknown) = await ResolvePostsAsync(ids, posts, ranker.Catalog, cancellationToken).ConfigureAwait(false);
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

    private ValueTask<RecommendationResult> RecommendWithModelAsync(RequestContext context, int count, RankingFilter? filter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MaybeRefreshCatalog();
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
        var user = new RankingUser(context.UserId) { Personalized = context.Personalized, UseEngagement = context.Engagement };
        if (!_users.TryGetValue(context.UserId, out var state) || state.IsEmpty)
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
            if (!model.Content.Posts.TryGetIndex(e.PostId, out _) && _posts.TryGetValue(e.PostId, out var post))
            {
                newPosts[e.PostId] = post;
            }
        }

        var content = model.Content;
        var profile = ContentProfiles.Merge(content.GetProfile(userId), content.BuildProfile(recent, newPosts, _timeProvider), 1f, content.Options.ProfileTerms);
        float[]? factors = null;
        if (model.Collaborative is { } nmf)
        {
            var fresh = InteractionMatrix.Create(recent.Select(e => e with { UserId = userId }), _options.Weighting, _timeProvider);
            var posts = new List<int>();
            var weights = new List<float>();
            if (nmf.Users.TryGetIndex(userId, out var u))
            {
                foreach (var p in nmf.GetSeenPosts(u))
                {
                    posts.Add(p);
                    weights.Add(nmf.Summary.MeanWeight);
                }
            }

            if (fresh.Users.Count > 0)
            {
                var local = fresh.GetUserPosts(0);
                var localWeights = fresh.GetUserWeights(0);
                for (var i = 0; i < local.Length; i++)
                {
                    posts.Add(nmf.Posts.IndexOf(fresh.Posts[local[i]]));
                    weights.Add(localWeights[i]);
                }
            }

            factors = nmf.FoldIn([.. posts], [.. weights]);
        }

        return new UserState.Overrides(profile, factors, seen, model.Features.CoEngagementHistory(userId, recent, _options.Weighting));
    }

    /// <summary>
    /// Posts for candidate ids: the request's own posts first, then the ranker's catalogue, the engine's post cache,
    /// and last the data source (one lookup for all the missing ones; its failures propagate).
    /// </summary>
    private async ValueTask<(List<Post> Found, IReadOnlyList<string> Unknown)> ResolvePostsAsync(IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, PostCatalog? catalog, CancellationToken cancellationToken)
    {
        Dictionary<string, Post>? given = null;
        if (posts is not null)
        {
            given = new Dictionary<string, Post>(posts.Count, StringComparer.Ordinal);
            foreach (var post in posts)
            {
                if (post is not null && !string.IsNullOrEmpty(post.Id))
                {
                    given[post.Id] = post;
                }
            }
        }

        var found = new List<Post>(ids.Count);
        List<int>? missingAt = null;
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            Post? post = null;
            if (given is not null && given.TryGetValue(id, out var g))
            {
                post = g;
            }
            else if (catalog is not null && catalog.TryGet(id, out var c))
            {
                post = c;
            }
            else if (_posts.TryGetValue(id, out var cached))
            {
                post = cached;
            }

            if (post is null)
            {
                (missingAt ??= []).Add(i);
            }

            found.Add(post!);
        }

        if (missingAt is null)
        {
            return (found, []);
        }

        var missing = missingAt.Select(i => ids[i]).Distinct(StringComparer.Ordinal).ToList();
        var looked = await _source.FindPostsAsync(missing, cancellationToken).ConfigureAwait(false);
        var byId = new Dictionary<string, Post>(StringComparer.Ordinal);
        foreach (var post in looked)
        {
            if (post is not null && !string.IsNullOrEmpty(post.Id))
            {
                byId[post.Id] = post;
                RememberPost(post);
            }
        }

        var unknown = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in missingAt)
        {
            if (byId.TryGetValue(ids[i], out var post))
            {
                found[i] = post;
            }
            else if (reported.Add(ids[i]))
            {
                unknown.Add(ids[i]);
            }
        }

        found.RemoveAll(p => p is null);
        return (found, unknown);
    }

    private void RememberPost(Post post)
    {
        if (_posts.Count >= PostCacheLimit)
        {
            _posts.Clear();
        }

        _posts[post.Id] = post;
    }

    private const int PostCacheLimit = 200_000;

    private void MaybeRefreshCatalog()
    {
        if (_timeProvider.GetUtcNow() - State.CatalogRefreshedAt >= _options.Serving.CatalogRefreshInterval)
        {
            _ = RefreshCatalogAsync();
        }
    }

    /// <summary>Reads posts published since the serving models were trained and adds them to their catalogues.</summary>
    private async Task RefreshCatalogAsync()
    {
        if (Interlocked.Exchange(ref _catalogRefreshing, 1) == 1)
        {
            return;
        }

        try
        {
            var state = State;
            if (state.Variants.Count == 0)
            {
                return;
            }

            var since = state.Variants.Values.Min(v => v.Model.Model.Info.TrainedAt);
            var posts = new List<Post>();
            await foreach (var post in _source.ReadPostsAsync(since, _disposed.Token).ConfigureAwait(false))
            {
                posts.Add(post);
                RememberPost(post);
                _popularity.AddPost(post);
            }

            var now = _timeProvider.GetUtcNow();
            while (true)
            {
                var current = State;
                if (Interlocked.CompareExchange(ref _state, current.WithPosts(posts, now), current) == current)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Log.CatalogRefreshFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _catalogRefreshing, 0);
        }
    }
}
