using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Ranking;

namespace Recommender.Training;

/// <summary>
/// Model versions and which one serves: publishes trained models to an <see cref="IModelStore"/>, activates, rolls
/// back, prunes, and keeps the active version of every variant loaded in memory, hot-swapping when the store reports
/// a change (also one made by another instance). A version that fails to load never replaces the one serving.
/// </summary>
public sealed class ModelRegistry : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private ActiveModelSet _active = ActiveModelSet.Empty;
    private int _refreshPending;

    /// <summary>Creates a registry over a store and starts following its changes.</summary>
    /// <param name="store">Where versions live.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public ModelRegistry(IModelStore store, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender.Registry") ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Store.ActiveChanged += OnStoreChanged;
    }

    /// <summary>Raised after the loaded active models changed.</summary>
    public event EventHandler? ActiveModelsChanged;

    /// <summary>The store.</summary>
    public IModelStore Store { get; }

    /// <summary>The last error loading a version (the previous version keeps serving), or null.</summary>
    public string? LastLoadError { get; private set; }

    internal ActiveModelSet Active => Volatile.Read(ref _active);

    /// <summary>Saves a trained model as a new version (ready, not active).</summary>
    /// <param name="model">The model.</param>
    /// <param name="info">Its metadata; the store fills status, checksum and size.</param>
    /// <param name="cancellationToken">Stops the save; nothing is kept.</param>
    public async ValueTask<ModelVersionInfo> PublishAsync(RecommenderModel model, ModelVersionInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        using var activity = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.ModelSave);
        activity?.SetTag(RecommenderTelemetry.Tags.ModelVersion, info.Version);
        return await Store.SaveAsync(info, (stream, _) =>
        {
            model.Save(stream);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a version serve a variant and loads it.</summary>
    /// <param name="version">The version.</param>
    /// <param name="variant">The variant; "default" for the main model.</param>
    /// <param name="cancellationToken">Stops the change.</param>
    public async ValueTask ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(version, nameof(version));
        Guard.NotNullOrEmpty(variant, nameof(variant));
        using var activity = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.ModelActivate);
        activity?.SetTag(RecommenderTelemetry.Tags.ModelVersion, version);
        activity?.SetTag(RecommenderTelemetry.Tags.Variant, variant);
        await Store.ActivateAsync(version, variant, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rolls a variant back to the newest loadable version created before the one serving it.
    /// </summary>
    /// <param name="variant">The variant.</param>
    /// <param name="cancellationToken">Stops the change.</param>
    /// <returns>The version now serving, or null when there was nothing to roll back to (nothing changes).</returns>
    public async ValueTask<ModelVersionInfo?> RollbackAsync(string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        var active = await Store.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        var versions = await Store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (!active.TryGetValue(variant, out var current) || versions.FirstOrDefault(v => v.Version == current) is not { } serving)
        {
            return null;
        }

        var previous = versions
            .Where(v => v.Version != current && v.CreatedAt <= serving.CreatedAt && v.Status is ModelStatus.Ready or ModelStatus.Retired)
            .OrderByDescending(v => v.CreatedAt)
            .ThenByDescending(v => v.Version, StringComparer.Ordinal)
            .FirstOrDefault();
        if (previous is null)
        {
            return null;
        }

        await ActivateAsync(previous.Version, variant, cancellationToken).ConfigureAwait(false);
        Log.RolledBack(_logger, variant, current, previous.Version);
        return previous;
    }

    /// <summary>Every version, newest first.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    public ValueTask<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default) => Store.ListAsync(cancellationToken);

    /// <summary>Deletes an inactive version.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    public ValueTask<bool> DeleteAsync(string version, CancellationToken cancellationToken = default) => Store.DeleteAsync(version, cancellationToken);

    /// <summary>Deletes all but the newest <paramref name="keep"/> inactive versions.</summary>
    /// <param name="keep">Inactive versions to keep; at least 0.</param>
    /// <param name="cancellationToken">Stops pruning.</param>
    /// <returns>How many versions were deleted.</returns>
    public async ValueTask<int> PruneAsync(int keep, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var versions = await Store.ListAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var version in versions.Where(v => !v.IsActive).OrderByDescending(v => v.CreatedAt).Skip(keep))
        {
            try
            {
                if (await Store.DeleteAsync(version.Version, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }
            catch (InvalidOperationException)
            {
                // Activated meanwhile (another instance): keep it.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Loads the active version of every variant (those already loaded are kept). A version that fails to load is
    /// logged and reported in <see cref="LastLoadError"/>; the variant keeps its previous model.
    /// </summary>
    /// <param name="cancellationToken">Stops the refresh.</param>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Exchange(ref _refreshPending, 0);
            var wanted = await Store.GetActiveAsync(cancellationToken).ConfigureAwait(false);
            var current = Active;
            var next = new Dictionary<string, LoadedModel>(StringComparer.Ordinal);
            var versions = (IReadOnlyList<ModelVersionInfo>?)null;
            var changed = false;
            foreach (var (variant, version) in wanted)
            {
                if (current.ByVariant.TryGetValue(variant, out var loaded) && loaded.Info.Version == version)
                {
                    next[variant] = loaded;
                    continue;
                }

                var reuse = current.ByVariant.Values.FirstOrDefault(m => m.Info.Version == version);
                if (reuse is not null)
                {
                    next[variant] = reuse;
                    changed = true;
                    continue;
                }

                versions ??= await Store.ListAsync(cancellationToken).ConfigureAwait(false);
                var info = versions.FirstOrDefault(v => v.Version == version) ?? new ModelVersionInfo { Version = version };
                try
                {
                    var model = await LoadAsync(version, variant, cancellationToken).ConfigureAwait(false);
                    next[variant] = new LoadedModel(info with { IsActive = true, Variant = variant }, model);
                    changed = true;
                    LastLoadError = null;
                    Log.ModelLoaded(_logger, version, variant);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LastLoadError = $"Loading model version '{version}' for variant '{variant}' failed: {ex.Message}";
                    Log.ModelLoadFailed(_logger, ex, version, variant);
                    if (loaded is not null)
                    {
                        next[variant] = loaded;
                    }
                }
            }

            changed |= current.ByVariant.Keys.Any(v => !next.ContainsKey(v));
            if (changed)
            {
                Volatile.Write(ref _active, new ActiveModelSet(next));
                ActiveModelsChanged?.Invoke(this, EventArgs.Empty);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Stops following the store.</summary>
    public async ValueTask DisposeAsync()
    {
        Store.ActiveChanged -= OnStoreChanged;
        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }

    internal string NewVersionName(string runId)
    {
        var now = _timeProvider.GetUtcNow();
        return now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + runId[^6..];
    }

    private async Task<RecommenderModel> LoadAsync(string version, string variant, CancellationToken cancellationToken)
    {
        using var activity = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.ModelLoad);
        activity?.SetTag(RecommenderTelemetry.Tags.ModelVersion, version);
        activity?.SetTag(RecommenderTelemetry.Tags.Variant, variant);
        try
        {
            var stream = await Store.OpenArtefactAsync(version, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return RecommenderModel.Load(stream);
            }
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private void OnStoreChanged(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _refreshPending, 1) == 1 || _disposed.IsCancellationRequested)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                LastLoadError = $"Refreshing the active models failed: {ex.Message}";
                Log.RefreshFailed(_logger, ex);
            }
        });
    }
}
