using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>Receives a training run's progress: the stage, the overall fraction (0 to 1), the NMF iteration and objective.</summary>
internal delegate void TrainingReport(string stage, double fraction, int iteration, double loss);

/// <summary>
/// The training protocol, written once: users, follows and posts are read once; engagements up to three times
/// (timestamps to place the holdout; when the blend is learned, the earlier models and the blend's examples; the
/// final models), through a <see cref="TrainingSession"/> that builds the interaction matrix, NMF, the content model,
/// the feature store with its co-engagement graph and fits the blend. The public trainer (a data source or
/// in-memory lists), the training pipeline and the hybrid evaluation model all train through it.
/// </summary>
internal static class TrainingProtocol
{
    /// <summary>Trains on everything a data source holds.</summary>
    public static async Task<RecommenderModel> FitAsync(RecommenderOptions options, TimeProvider clock, ILogger logger, IRecommenderDataSource source, TrainingReport? report, CancellationToken cancellationToken)
    {
        var session = new TrainingSession(options, clock, logger, report, cancellationToken);
        await foreach (var user in source.ReadUsersAsync(cancellationToken).ConfigureAwait(false))
        {
            session.AddUser(user);
        }

        await foreach (var follow in source.ReadFollowsAsync(cancellationToken).ConfigureAwait(false))
        {
            session.AddFollow(follow);
        }

        await foreach (var post in source.ReadPostsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            session.AddPost(post);
        }

        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            session.Observe(e);
        }

        session.EndObserve();
        if (session.LearnsBlend)
        {
            await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
            {
                session.AddEarlier(e);
            }

            session.FitBlend();
        }

        session.BeginFinal();
        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            session.AddFinal(e);
        }

        return session.Finish();
    }

    /// <summary>Trains on in-memory data, on the calling thread (the engagements are enumerated up to three times, never copied).</summary>
    public static RecommenderModel Fit(RecommenderOptions options, TimeProvider clock, ILogger logger, IEnumerable<User> users, IEnumerable<Post> posts, IEnumerable<Engagement> engagements, IEnumerable<Follow>? follows, TrainingReport? report, CancellationToken cancellationToken)
    {
        // Every read of an in-memory source completes synchronously, so the run does too: no thread blocks on it.
        var run = FitAsync(options, clock, logger, new EnumerableSource(users, posts, engagements, follows ?? []), report, cancellationToken);
        Debug.Assert(run.IsCompleted, "training on in-memory data completes synchronously");
        return run.GetAwaiter().GetResult();
    }

    /// <summary>In-memory lists as a data source whose reads complete synchronously (each read enumerates its list again).</summary>
    private sealed class EnumerableSource(IEnumerable<User> users, IEnumerable<Post> posts, IEnumerable<Engagement> engagements, IEnumerable<Follow> follows) : IRecommenderDataSource
    {
        public IAsyncEnumerable<User> ReadUsersAsync(CancellationToken cancellationToken = default) => users.ToAsyncEnumerable();

        public IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default) => posts.ToAsyncEnumerable();

        public IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) => engagements.ToAsyncEnumerable();

        public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default) => follows.ToAsyncEnumerable();

        public ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Training reads posts; it never looks them up.");
    }
}
