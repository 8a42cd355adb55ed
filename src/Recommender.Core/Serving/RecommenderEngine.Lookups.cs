using Recommender.Data;
using Recommender.Features;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    /// <inheritdoc />
    public ValueTask RecordEngagementAsync(Engagement engagement, CancellationToken cancellationToken = default)
    {
        _validator.Engagement(engagement);
        cancellationToken.ThrowIfCancellationRequested();
        if (LiveEngagementCheck.IgnoreReason(engagement, _timeProvider.GetUtcNow(), _options.Current.Weighting.MaxClockSkew) is { } ignored)
        {
            _metrics.EngagementIgnored(ignored);
            return ValueTask.CompletedTask;
        }

        RecordLocal(engagement);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<UserFeatures> GetUserFeaturesAsync(string userId, CancellationToken cancellationToken = default)
    {
        _validator.UserId(userId);
        cancellationToken.ThrowIfCancellationRequested();
        var features = State.Default is { } d
            ? d.Ranker.Features.GetUserFeatures(userId)
            : new UserFeatures { UserId = userId, CountsByKind = new int[8], RatesByKind = new float[8], ActivityByHour = new float[24], ActivityByWeekday = new float[7] };
        return ValueTask.FromResult(WithLiveCounts(features));
    }

    /// <summary>
    /// The trained counts plus the engagements recorded since training (here or, with a propagation, on any
    /// instance): <see cref="UserFeatures.TotalEngagements"/>, <see cref="UserFeatures.CountsByKind"/> and
    /// <see cref="UserFeatures.RatesByKind"/>. The rest stays as trained until the next training.
    /// </summary>
    private UserFeatures WithLiveCounts(UserFeatures features)
    {
        if (!_users.TryGet(features.UserId, out var state))
        {
            return features;
        }

        var recent = state.Snapshot();
        if (recent.Length == 0)
        {
            return features;
        }

        var counts = new int[Math.Max(8, features.CountsByKind.Count)];
        for (var i = 0; i < features.CountsByKind.Count; i++)
        {
            counts[i] = features.CountsByKind[i];
        }

        foreach (var e in recent)
        {
            if ((int)e.Kind >= 0 && (int)e.Kind < counts.Length)
            {
                counts[(int)e.Kind]++;
            }
        }

        var total = features.TotalEngagements + recent.Length;
        var rates = new float[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            rates[i] = total > 0 ? counts[i] / (float)total : 0f;
        }

        return features with { TotalEngagements = total, CountsByKind = counts, RatesByKind = rates };
    }

    /// <inheritdoc />
    public async ValueTask<PostFeatures?> GetPostFeaturesAsync(string postId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(postId, nameof(postId));
        cancellationToken.ThrowIfCancellationRequested();
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
        _validator.UserId(userId);
        Guard.NotNullOrEmpty(postId, nameof(postId));
        cancellationToken.ThrowIfCancellationRequested();
        if (State.Default is not { } d)
        {
            return null;
        }

        var post = await FindPostAsync(postId, d.Ranker.Catalog, cancellationToken).ConfigureAwait(false);
        return post is null ? null : d.Ranker.Features.GetPairFeatures(userId, post);
    }

    private async ValueTask<Post?> FindPostAsync(string postId, Ranking.PostCatalog catalog, CancellationToken cancellationToken)
    {
        var (found, _) = await _budget.RunAsync(token => _posts.ResolveAsync([postId], null, catalog, token)).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }
}
