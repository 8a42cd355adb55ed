using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

/// <summary>
/// The embeddable recommender: answers rank and recommend requests from the active model (per A/B variant), caches
/// answers, folds in engagements recorded in real time, and falls back to the heuristic ranking whenever the
/// <c>mlRecommendations</c> flag is off, no model is active, the model or the data source fails, or the answer takes
/// longer than the time budget. Serves from a <see cref="ModelRegistry"/>, beside a <see cref="TrainingPipeline"/>
/// that publishes to it (its own, or one it is given).
/// Usable without DI:
/// <code>
/// await using var engine = new RecommenderEngine(options, dataSource);
/// await engine.InitializeAsync();
/// await engine.Training.TrainAsync();
/// var feed = await engine.RecommendAsync("user-1", 20);
/// </code>
/// </summary>
/// <remarks>
/// A request runs through stages, each its own internal type: validation (<c>RequestValidator</c>), flags and variant
/// (<c>FlagsAndVariant</c>), the result cache (<c>ResultCache</c>), one computation for concurrent identical requests
/// (<c>SingleFlight</c>), the time budget (<c>TimeBudget</c>), the model (<c>ModelRanking</c>) and the heuristic
/// fallback (<c>HeuristicFallback</c>). Model swaps are <c>ModelSwap</c>'s job, engagements recorded in real time
/// <c>RealtimeUpdates</c>'.
/// </remarks>
public sealed partial class RecommenderEngine : IRecommender, IAsyncDisposable
{
    private readonly LiveOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RecommenderMetrics _metrics;
    private readonly CancellationTokenSource _disposed = new();
    private readonly RequestValidator _validator;
    private readonly FlagsAndVariant _flags;
    private readonly ResultCache _cache;
    private readonly SingleFlight<RequestKey, ModelOutcome> _singleFlight = new();
    private readonly TimeBudget _budget;
    private readonly ModelRanking _model;
    private readonly HeuristicFallback _fallback;
    private readonly PostResolver _posts;
    private readonly RealtimeUpdates _realtime;
    private readonly ModelSwap _swap;
    private readonly UserStateStore _users;
    private readonly bool _ownsRegistry;
    private int _disposeCalled;

    /// <summary>Creates an engine with its own registry over <paramref name="store"/> and its own training pipeline.</summary>
    /// <param name="options">Options; null for the defaults. Validated: every problem is listed.</param>
    /// <param name="dataSource">The host's data.</param>
    /// <param name="store">Where model versions live; null for an in-memory store.</param>
    /// <param name="flags">Feature flags; null for <see cref="ServingOptions.DefaultFlags"/> only.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="meterFactory">Where metrics go; null for a private meter named "Recommender".</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public RecommenderEngine(
        RecommenderOptions? options,
        IRecommenderDataSource dataSource,
        IModelStore? store = null,
        IFeatureFlagProvider? flags = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : this(options, null, dataSource, new ModelRegistry(store ?? new InMemoryModelStore(), loggerFactory, timeProvider), null, flags, timeProvider, loggerFactory, meterFactory, ownsRegistry: true)
    {
    }

    /// <summary>Creates an engine over an existing registry (shared, not disposed by the engine), with its own training pipeline.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="dataSource">The host's data.</param>
    /// <param name="registry">The model registry.</param>
    /// <param name="flags">Feature flags; null for <see cref="ServingOptions.DefaultFlags"/> only.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="meterFactory">Where metrics go; null for a private meter.</param>
    public RecommenderEngine(
        RecommenderOptions? options,
        IRecommenderDataSource dataSource,
        ModelRegistry registry,
        IFeatureFlagProvider? flags = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : this(options, null, dataSource, registry, null, flags, timeProvider, loggerFactory, meterFactory, ownsRegistry: false)
    {
    }

    /// <summary>
    /// Creates an engine over an existing registry and beside an existing training pipeline that publishes to it (as
    /// the DI package registers them: three singletons). Neither is disposed by the engine; disposing the engine
    /// cancels a training in progress, as with its own pipeline. The engine's metrics record the pipeline's runs unless
    /// another engine's already do.
    /// </summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="dataSource">The host's data.</param>
    /// <param name="registry">The model registry.</param>
    /// <param name="training">The training pipeline; it must publish to <paramref name="registry"/>.</param>
    /// <param name="flags">Feature flags; null for <see cref="ServingOptions.DefaultFlags"/> only.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="meterFactory">Where metrics go; null for a private meter.</param>
    /// <exception cref="ArgumentException">An option is invalid, or the pipeline publishes to another registry.</exception>
    public RecommenderEngine(
        RecommenderOptions? options,
        IRecommenderDataSource dataSource,
        ModelRegistry registry,
        TrainingPipeline training,
        IFeatureFlagProvider? flags,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory)
        : this(options, null, dataSource, registry, training ?? throw new ArgumentNullException(nameof(training)), flags, timeProvider, loggerFactory, meterFactory, ownsRegistry: false)
    {
    }

    /// <summary>
    /// Creates an engine as the one above, whose serving, ranking and flag options follow <paramref name="options"/>:
    /// every request reads it (one delegate call), and when it returns another instance, that instance is validated
    /// and applies from that request on, without rebuilding the engine: <c>Serving</c>'s time budget, cache duration,
    /// limits (<c>MaxCandidates</c>, <c>MaxCount</c>, <c>MaxIdLength</c>), flag defaults, A/B variants and catalogue
    /// refresh interval, and every <c>Ranking</c> option (the rankers are rebuilt over the loaded models). Invalid
    /// values are logged and the previous ones stay. Options fixed when the engine is built (the cache's size, the
    /// tracked users and posts, the heuristic's weights, fold-in weighting) and the model's shape (read by training only)
    /// are listed in docs/hosting.md. The DI package passes <c>IOptionsMonitor&lt;RecommenderOptions&gt;</c>'s latest value.
    /// </summary>
    /// <param name="options">Returns the current options; called at every request; must be cheap and must not return null.</param>
    /// <param name="dataSource">The host's data.</param>
    /// <param name="registry">The model registry.</param>
    /// <param name="training">The training pipeline; it must publish to <paramref name="registry"/>.</param>
    /// <param name="flags">Feature flags; null for <see cref="ServingOptions.DefaultFlags"/> only.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="meterFactory">Where metrics go; null for a private meter.</param>
    /// <exception cref="ArgumentException">The first options are invalid, or the pipeline publishes to another registry.</exception>
    public RecommenderEngine(
        Func<RecommenderOptions> options,
        IRecommenderDataSource dataSource,
        ModelRegistry registry,
        TrainingPipeline training,
        IFeatureFlagProvider? flags,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory)
        : this(
            (options ?? throw new ArgumentNullException(nameof(options)))(),
            options,
            dataSource,
            registry,
            training ?? throw new ArgumentNullException(nameof(training)),
            flags,
            timeProvider,
            loggerFactory,
            meterFactory,
            ownsRegistry: false)
    {
    }

    private RecommenderEngine(
        RecommenderOptions? options,
        Func<RecommenderOptions>? source,
        IRecommenderDataSource dataSource,
        ModelRegistry registry,
        TrainingPipeline? training,
        IFeatureFlagProvider? flags,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        bool ownsRegistry)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(registry);
        if (training is not null && !ReferenceEquals(training.Registry, registry))
        {
            throw new ArgumentException("The training pipeline publishes to another registry than the one the engine serves from.", nameof(training));
        }

        options ??= new RecommenderOptions();
        options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender") ?? NullLogger.Instance;
        var live = _options = new LiveOptions(options, source, _logger);
        _ownsRegistry = ownsRegistry;
        Registry = registry;

        var serving = options.Serving;
        var popularity = new PopularityIndex(options.Heuristic, serving.MaxTrackedPosts);
        var users = _users = new UserStateStore(serving, options.Weighting);
        _posts = new PostResolver(dataSource, () => live.Current.Serving);
        _swap = new ModelSwap(registry, live, dataSource, _posts, popularity, users, _timeProvider, _logger, _disposed.Token);
        _metrics = new RecommenderMetrics(meterFactory, ModelAge);
        _validator = new RequestValidator(() => live.Current.Serving);
        _flags = new FlagsAndVariant(flags ?? new InMemoryFeatureFlagProvider(), () => live.Current.Serving, () => _swap.State, _logger);
        _cache = new ResultCache(() => live.Current.Serving, serving.CacheSizeLimit, _timeProvider, _metrics);
        _budget = new TimeBudget(() => live.Current.Serving, _timeProvider, _disposed.Token);
        _model = new ModelRanking(options, _posts, users, _swap, _timeProvider);
        _fallback = new HeuristicFallback(options, () => live.Current, popularity, _posts, users, _budget, _timeProvider);
        _realtime = new RealtimeUpdates(options, dataSource, popularity, users, _posts, _metrics, _timeProvider);

        Training = training ?? new TrainingPipeline(options, dataSource, registry, loggerFactory, _timeProvider);
        Training.Metrics ??= _metrics;
        live.Changed += OnOptionsChanged;
    }

    /// <summary>The model registry (versions, activation, rollback).</summary>
    public ModelRegistry Registry { get; }

    /// <summary>The training pipeline beside the engine (its own unless one was given).</summary>
    public TrainingPipeline Training { get; }

    /// <summary>
    /// The options in use: those given, or with the constructor that follows a source, the latest valid ones it
    /// returned (see docs/hosting.md for those read only when the engine is built).
    /// </summary>
    public RecommenderOptions Options => _options.Current;

    internal ServingState State => _swap.State;

    /// <summary>
    /// Loads the active models and warms the heuristic's popularity counts from the data source. Failures are logged,
    /// not thrown: the engine then answers with what it has (the heuristic at worst).
    /// </summary>
    /// <param name="cancellationToken">Stops initialisation.</param>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.InitializationFailed(_logger, ex, "loading the active models");
        }

        _swap.Rebuild();
        try
        {
            await _realtime.WarmAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.InitializationFailed(_logger, ex, "warming the heuristic from the data source");
        }
    }

    /// <inheritdoc />
    public RecommenderStatus GetStatus()
    {
        var state = State;
        var serving = state.Default;
        var now = _timeProvider.GetUtcNow();
        return new RecommenderStatus
        {
            ActiveVersions = state.Variants.ToDictionary(v => v.Key, v => v.Value.Model.Info.Version, StringComparer.Ordinal),
            ModelTrainedAt = serving?.Model.Model.Info.TrainedAt,
            ModelAge = serving is { } s ? now - s.Model.Model.Info.TrainedAt : null,
            DataWatermark = serving?.Model.Model.Info.DataWatermark,
            Metrics = serving?.Model.Info.Metrics ?? new Dictionary<string, double>(),
            LastTraining = Training.LastRun,
            TrainingInProgress = Training.Progress,
            LastLoadError = Registry.LastLoadError,
        };
    }

    /// <summary>
    /// Cancels a training in progress (the active model stays), stops background work and releases the cache, the meter
    /// and (when owned) the registry. Calling it again does
    /// nothing (a DI container disposes the engine once per registration that hands it out: RecommenderEngine and
    /// IRecommender).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeCalled, 1) != 0)
        {
            return;
        }

        EndPropagation();
        _swap.Dispose();
        Training.CancelRun();
        await _disposed.CancelAsync().ConfigureAwait(false);
        if (_ownsRegistry)
        {
            await Registry.DisposeAsync().ConfigureAwait(false);
        }

        _cache.Dispose();
        _metrics.Dispose();
        _disposed.Dispose();
    }

    /// <summary>New ranking options need new rankers over the loaded models; the rest is read at every request.</summary>
    private void OnOptionsChanged(RecommenderOptions previous, RecommenderOptions next)
    {
        if (!ReferenceEquals(previous.Ranking, next.Ranking))
        {
            _swap.Rebuild();
        }
    }

    private (double Seconds, string Version)? ModelAge() =>
        State.Default is { } d ? ((_timeProvider.GetUtcNow() - d.Model.Model.Info.TrainedAt).TotalSeconds, d.Model.Info.Version) : null;
}
