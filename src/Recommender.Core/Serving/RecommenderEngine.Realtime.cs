using Recommender.Data;
using Recommender.Features;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    /// <inheritdoc />
    public ValueTask RecordEngagementAsync(Engagement engagement, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(engagement.UserId, "engagement.UserId");
        Guard.NotNullOrEmpty(engagement.PostId, "engagement.PostId");
        if (!Enum.IsDefined(engagement.Kind))
        {
            throw new ArgumentException($"engagement.Kind {(int)engagement.Kind} is not a defined EngagementKind.", nameof(engagement));
        }

        if (engagement.Weight is { } w && !float.IsFinite(w))
        {
            throw new ArgumentException($"engagement.Weight must be finite, was {w}.", nameof(engagement));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (LiveEngagementCheck.IgnoreReason(engagement, _timeProvider.GetUtcNow(), _options.Weighting.MaxClockSkew) is { } ignored)
        {
            _metrics.EngagementIgnored(ignored);
            return ValueTask.CompletedTask;
        }

        _popularity.Add(engagement);
        if (_options.Serving.RecentEngagementsPerUser > 0)
        {
            // At most MaxTrackedUsers users are tracked between trainings (memory stays bounded); beyond that, new users'
            // engagements still count for popularity but are folded in only by the next training.
            if (_users.TryGetValue(engagement.UserId, out var state) || _users.Count < ServingDefaults.MaxTrackedUsers)
            {
                (state ?? _users.GetOrAdd(engagement.UserId, static _ => new UserState())).Add(engagement, _options.Serving.RecentEngagementsPerUser);
            }
        }

        _metrics.EngagementRecorded();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<UserFeatures> GetUserFeaturesAsync(string userId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        cancellationToken.ThrowIfCancellationRequested();
        var features = State.Default is { } d
            ? d.Ranker.Features.GetUserFeatures(userId)
            : new UserFeatures { UserId = userId, CountsByKind = new int[8], RatesByKind = new float[8], ActivityByHour = new float[24], ActivityByWeekday = new float[7] };
        return ValueTask.FromResult(features);
    }

    /// <inheritdoc />
    public async ValueTask<PostFeatures?> GetPostFeaturesAsync(string postId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(postId, nameof(postId));
        if (State.Default is not { } d)
        {
            return null;
        }

        var post = await FindPostAsync(postId, d.Ranker.Catalog, cancellationToken).ConfigureAwait(false);
        return post is null ? null : d.Ranker.Features.GetPostFeatures(post);
    }

    /// <inheritdoc />
    public async ValueTask<PairFeatures?> GetPairFeaturesAsync(string userId, string postId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(userId, nameof(userId));
        Guard.NotNullOrEmpty(postId, nameof(postId));
        if (State.Default is not { } d)
        {
            return null;
        }

        var post = await FindPostAsync(postId, d.Ranker.Catalog, cancellationToken).ConfigureAwait(false);
        return post is null ? null : d.Ranker.Features.GetPairFeatures(userId, post);
    }

    private async ValueTask<Post?> FindPostAsync(string postId, Ranking.PostCatalog catalog, CancellationToken cancellationToken)
    {
        var (found, _) = await WithinBudgetAsync(token => ResolvePostsAsync([postId], null, catalog, token)).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }
}
