using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// Engagements as they happen: the heuristic's popularity counts update at once, and the user's live state takes the
/// engagement (which changes the user's version, part of every cache key: the user's cached answers are no longer
/// found, and the next request folds the engagement into their tastes). Also warms the popularity counts at start.
/// </summary>
internal sealed class RealtimeUpdates(RecommenderOptions options, IRecommenderDataSource source, PopularityIndex popularity, UserStateStore users, PostResolver posts, RecommenderMetrics metrics, TimeProvider timeProvider)
{
    /// <summary>Records a validated engagement.</summary>
    public void Record(in Engagement engagement)
    {
        popularity.Add(engagement);
        users.Record(engagement);
        metrics.EngagementRecorded();
    }

    /// <summary>Reads the last <see cref="ServingOptions.HeuristicWarmup"/> of posts and engagements into the popularity counts.</summary>
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var since = timeProvider.GetUtcNow() - options.Serving.HeuristicWarmup;
        await foreach (var post in source.ReadPostsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            popularity.AddPost(post);
            posts.Remember(post);
        }

        await foreach (var e in source.ReadEngagementsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            popularity.Add(e);
        }
    }
}
