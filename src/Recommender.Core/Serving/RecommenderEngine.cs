using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
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
/// longer than the time budget. Owns a <see cref="ModelRegistry"/> and a <see cref="TrainingPipeline"/>.
/// Usable without DI:
/// <code>
/// await using var engine = new RecommenderEngine(options, dataSource);
/// await engine.InitializeAsync();
/// await engine.Training.TrainAsync();
/// var feed = await engine.RecommendAsync("user-1", 20);
/// </code>
/// </summary>
public sealed partial class RecommenderEngine : IRecommender, IAsyncDisposable
{
    private readonly RecommenderOptions _options;
    private readonly IRecommenderDataSource _source;
    private readonly IFeatureFlagProvider _flags;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MemoryCache _cache;
    private readonly RecommenderMetrics _metrics;
    private readonly PopularityIndex _popularity;
    private readonly HeuristicScorer _heuristic;
    private readonly HeuristicScorer _newestFirst;
    private readonly ConcurrentDictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RequestKey, Lazy<Task<ModelOutcome>>> _inflight = new();
    private readonly ConcurrentDictionary<string, Post> _posts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private readonly bool _ownsRegistry;
    private ServingState _state = ServingState.Empty;
    private int _catalogRefreshing;
    private int _disposeCalled;

    /// <summary>Creates an engine with its own registry over <paramref name="store"/>.</summary>
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
        : this(options, dataSource, new ModelRegistry(store ?? new InMemoryModelStore(), loggerFactory, timeProvider), flags, timeProvider, loggerFactory, meterFactory, ownsRegistry: true)
    {
    }

    /// <summary>Creates an engine over an existing registry (shared, not disposed by the engine).</summary>
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
        : this(options, dataSource, registry, flags, timeProvider, loggerFactory, meterFactory, ownsRegistry: false)
    {
    }

    private RecommenderEngine(
        RecommenderOptions? options,
        IRecommenderDataSource dataSource,
        ModelRegistry registry,
        IFeatureFlagProvider? flags,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        bool ownsRegistry)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new RecommenderOptions();
        options.Validate();
        _options = options;
        _source = dataSource;
        _flags = flags ?? new InMemoryFeatureFlagProvider();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender") ?? NullLogger.Instance;
        _ownsRegistry = ownsRegistry;
        Registry = registry;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.Serving.CacheSizeLimit,
            Clock = new TimeProviderClock(_timeProvider),
            ExpirationScanFrequency = TimeSpan.FromMinutes(1),
        });
        _metrics = new RecommenderMetrics(meterFactory, ModelAgeSeconds);
        _popularity = new PopularityIndex(options.Heuristic);
        _heuristic = new HeuristicScorer(options.Heuristic, _popularity);
        _newestFirst = new HeuristicScorer(
            new HeuristicOptions { EngagementWeight = 0, AuthorWeight = 0, FreshnessWeight = 1, FreshnessHalfLife = options.Heuristic.FreshnessHalfLife, PopularityHalfLife = options.Heuristic.PopularityHalfLife },
            _popularity);
        Training = new TrainingPipeline(options, dataSource, registry, loggerFactory, _timeProvider) { Metrics = _metrics };
        Registry.ActiveModelsChanged += OnModelsChanged;
    }

    /// <summary>The model registry (versions, activation, rollback).</summary>
    public ModelRegistry Registry { get; }

    /// <summary>The training pipeline.</summary>
    public TrainingPipeline Training { get; }

    /// <summary>The options in use.</summary>
    public RecommenderOptions Options => _options;

    internal ServingState State => Volatile.Read(ref _state);

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

        RebuildState();
        try
        {
            await WarmHeuristicAsync(cancellationToken).ConfigureAwait(false);
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

        Registry.ActiveModelsChanged -= OnModelsChanged;
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

    private double? ModelAgeSeconds() =>
        State.Default is { } d ? (_timeProvider.GetUtcNow() - d.Model.Model.Info.TrainedAt).TotalSeconds : null;

    private void OnModelsChanged(object? sender, EventArgs e) => RebuildState();

    /// <summary>New models: new rankers, then forget what each new default model already knows of users.</summary>
    private void RebuildState()
    {
        var state = ServingState.From(Registry.Active, _options.Ranking, _timeProvider);
        Volatile.Write(ref _state, state);
        if (state.Default is { } d)
        {
            foreach (var user in _users.Values)
            {
                user.DropBefore(d.Model.Model.Info.TrainedAt);
            }

            foreach (var id in _users.Where(u => u.Value.IsEmpty).Select(u => u.Key).ToList())
            {
                _users.TryRemove(id, out _);
            }
        }

        _ = RefreshCatalogAsync();
    }

    private async Task WarmHeuristicAsync(CancellationToken cancellationToken)
    {
        var since = _timeProvider.GetUtcNow() - _options.Serving.HeuristicWarmup;
        await foreach (var post in _source.ReadPostsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            _popularity.AddPost(post);
            RememberPost(post);
        }

        await foreach (var e in _source.ReadEngagementsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            _popularity.Add(e);
        }
    }
}
