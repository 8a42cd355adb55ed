using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;

namespace Recommender.Training;

/// <summary>
/// Trains a <see cref="RecommenderModel"/>: collaborative filtering, content model, features and the blend of
/// signals (fitted on the latest engagements, held out). Reads engagements up to three times and never holds them
/// in one list. Usable without DI: <c>await new RecommenderTrainer(options).FitAsync(dataSource)</c>.
/// </summary>
public sealed class RecommenderTrainer
{
    private readonly RecommenderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="loggerFactory">Where training logs; null for none.</param>
    /// <param name="timeProvider">The clock: "now" for decay and freshness; null for the system clock.</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public RecommenderTrainer(RecommenderOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new RecommenderOptions();
        options.Validate();
        _options = options;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender.Training") ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Trains on everything a data source holds.</summary>
    /// <param name="source">The data source.</param>
    /// <param name="progress">Receives stage and NMF iteration reports; may be null.</param>
    /// <param name="cancellationToken">Stops training; nothing is produced.</param>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public async Task<RecommenderModel> FitAsync(IRecommenderDataSource source, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var session = new TrainingSession(_options, _timeProvider, _logger, progress, cancellationToken);
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

    /// <summary>Trains on in-memory data (the engagements are enumerated up to three times).</summary>
    /// <param name="users">Users (may be empty: users are also known from their engagements).</param>
    /// <param name="posts">Posts (needed for content and new-post features).</param>
    /// <param name="engagements">Engagements.</param>
    /// <param name="follows">Follow relations, or null.</param>
    /// <param name="progress">Receives stage and NMF iteration reports; may be null.</param>
    /// <param name="cancellationToken">Stops training.</param>
    public RecommenderModel Fit(IEnumerable<User> users, IEnumerable<Post> posts, IEnumerable<Engagement> engagements, IEnumerable<Follow>? follows = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(engagements);
        var session = new TrainingSession(_options, _timeProvider, _logger, progress, cancellationToken);
        foreach (var user in users)
        {
            session.AddUser(user);
        }

        foreach (var follow in follows ?? [])
        {
            session.AddFollow(follow);
        }

        foreach (var post in posts)
        {
            session.AddPost(post);
        }

        foreach (var e in engagements)
        {
            session.Observe(e);
        }

        session.EndObserve();
        if (session.LearnsBlend)
        {
            foreach (var e in engagements)
            {
                session.AddEarlier(e);
            }

            session.FitBlend();
        }

        session.BeginFinal();
        foreach (var e in engagements)
        {
            session.AddFinal(e);
        }

        return session.Finish();
    }
}
