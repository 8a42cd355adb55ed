using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;
using Recommender.Ranking;

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
        return await TrainingProtocol.FitAsync(_options, _timeProvider, _logger, source, Report(progress), cancellationToken).ConfigureAwait(false);
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
        return TrainingProtocol.Fit(_options, _timeProvider, _logger, users, posts, engagements, follows, Report(progress), cancellationToken);
    }

    private static TrainingReport? Report(IProgress<TrainingProgress>? progress) =>
        progress is null ? null : (stage, fraction, iteration, loss) => progress.Report(new TrainingProgress(stage, fraction, iteration, loss));
}
