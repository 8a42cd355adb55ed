using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recommender.Postgres.Notifications;
using Recommender.Postgres.Registry;
using Recommender.Training;

namespace Recommender.Postgres;

/// <summary>
/// The model registry in PostgreSQL (<see cref="IModelStore"/>), shared by every instance that uses the same schema.
/// Run <see cref="PostgresMigrator"/> first (or <c>UsePostgres</c> with <see cref="PostgresRecommenderOptions.MigrateOnStart"/>).
/// </summary>
/// <remarks>
/// <para><b>Saving</b> is atomic: the version's row is inserted as <see cref="ModelStatus.Training"/>, the artefact streams
/// into 1 MiB chunks and the row becomes <see cref="ModelStatus.Ready"/> with its SHA-256 and size in one transaction.
/// A failure at any point rolls the chunks back and deletes the row; a row left behind because the database itself
/// went away stays <see cref="ModelStatus.Training"/> (listed, never loadable nor activatable) and is deleted by the
/// next save of any instance once no connection holds its save lock.</para>
/// <para><b>Activation</b> is one transaction; the table's trigger sends <c>NOTIFY</c> on the channel named like the
/// schema. Subscribing to <see cref="ActiveChanged"/> starts a background loop that <c>LISTEN</c>s on a dedicated
/// connection, so every instance hears another's activation within moments; while that connection is down it
/// reconnects with backoff and polls every <see cref="PostgresRecommenderOptions.PollInterval"/>.</para>
/// <para><b>Training lock</b>: a session-level advisory lock held on a dedicated connection until the handle is
/// disposed, or until that connection dies.</para>
/// <para>When the database cannot be reached every call fails fast with <see cref="PostgresUnavailableException"/>.
/// Thread-safe. Dispose to stop listening.</para>
/// </remarks>
public sealed partial class PostgresModelStore : IModelStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ModelVersionStore _versions;
    private readonly TrainingRunStore _runs;
    private readonly SdkTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChangeListener _listener;
    private readonly Lock _gate = new();
    private EventHandler? _activeChanged;
    private Dictionary<string, string>? _lastActive;

    /// <summary>Creates a store over the SDK's tables.</summary>
    /// <param name="dataSource">The database; the store opens pooled connections from it (one more, held, while
    /// something listens to <see cref="ActiveChanged"/>, and one per held training lock).</param>
    /// <param name="options">The schema and poll interval; null for the defaults. Copied.</param>
    /// <param name="timeProvider">Clock for timestamps and waits; null for the system clock.</param>
    /// <param name="logger">Receives saves, activations and connection problems; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgresModelStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null, ILogger<PostgresModelStore>? logger = null)
        : this(dataSource, options, timeProvider, logger, listen: true)
    {
    }

    internal PostgresModelStore(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options, TimeProvider? timeProvider, ILogger? logger, bool listen)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options = (options ?? new PostgresRecommenderOptions()).Clone();
        options.Validate();
        _dataSource = dataSource;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _versions = new ModelVersionStore(dataSource, options, _time, _logger);
        _runs = new TrainingRunStore(dataSource, options);
        _tables = _versions.Tables;
        _listener = new ChangeListener(dataSource, _tables.Schema, ChangeTopics.Models, options.PollInterval, _time, _logger, RefreshActiveAsync, listen);
    }

    /// <inheritdoc />
    /// <remarks>The first subscription starts listening for activations by other instances (see the class remarks).
    /// Raised after this store's own activations, and when the versions the variants serve differ from the last
    /// ones seen; also once after listening starts.</remarks>
    public event EventHandler? ActiveChanged
    {
        add
        {
            lock (_gate)
            {
                _activeChanged += value;
            }

            _listener.Start();
        }

        remove
        {
            lock (_gate)
            {
                _activeChanged -= value;
            }
        }
    }

    /// <summary>The server process id of the connection listening for activations, 0 while not connected (tests).</summary>
    internal int ListenerProcessId => _listener.ListenerProcessId;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The version exists already.</exception>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<ModelVersionInfo> SaveAsync(ModelVersionInfo info, Func<Stream, CancellationToken, ValueTask> writeArtefact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(writeArtefact);
        Guard.NotNullOrEmpty(info.Version, "ModelVersionInfo.Version");
        var model = new NewModelVersion(info.Version)
        {
            CreatedAt = info.CreatedAt == default ? null : info.CreatedAt,
            TrainedAt = info.TrainedAt,
            DataWatermark = info.DataWatermark,
            ParametersJson = ModelVersionJson.WriteParameters(info.Parameters),
            MetricsJson = ModelVersionJson.WriteMetrics(info.Metrics),
        };
        try
        {
            return ToInfo(await _versions.SaveAsync(model, writeArtefact, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"save model version '{info.Version}'", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>The stream reads one chunk at a time from one snapshot and throws <see cref="InvalidDataException"/>
    /// at the end when the bytes do not match the recorded SHA-256 and size.</remarks>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<Stream> OpenArtefactAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            return await _versions.OpenLoadableArtefactAsync(version, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"No loadable model version '{version}'.");
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"open the artefact of model version '{version}'", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var records = await _versions.ListAsync(cancellationToken).ConfigureAwait(false);
            var list = new ModelVersionInfo[records.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = ToInfo(records[i]);
            }

            return list;
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("list model versions", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<IReadOnlyDictionary<string, string>> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _versions.GetActiveMapAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("read the active model versions", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask ActivateAsync(string version, string variant = ModelVariants.Default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        Guard.NotNullOrEmpty(variant, nameof(variant));
        Dictionary<string, string> active;
        try
        {
            active = await _versions.ActivateAsync(version, variant, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"activate model version '{version}' for variant '{variant}'", _tables.Schema, ex);
        }

        Observed(active, force: true);
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask DeactivateAsync(string variant, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrEmpty(variant, nameof(variant));
        if (variant == ModelVariants.Default)
        {
            throw new InvalidOperationException("The default variant cannot be deactivated; activate another version instead.");
        }

        Dictionary<string, string>? active;
        try
        {
            active = await _versions.DeactivateAsync(variant, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"deactivate variant '{variant}'", _tables.Schema, ex);
        }

        if (active is not null)
        {
            Observed(active, force: true);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<bool> DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            return await _versions.DeleteAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"delete model version '{version}'", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>An error text longer than 8,000 characters is cut. The heartbeat is stamped with the database's clock.</remarks>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask RecordRunAsync(TrainingRunInfo run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await _runs.UpsertAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"record training run '{run.RunId}'", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>Heartbeats are stamped with the database's clock (<c>now()</c>), the one clock every instance shares.</remarks>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<int> AbandonStaleRunsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _runs.AbandonStaleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("mark abandoned training runs", _tables.Schema, ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async ValueTask<IReadOnlyList<TrainingRunInfo>> ListRunsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        try
        {
            await _runs.AbandonStaleAsync(cancellationToken).ConfigureAwait(false);
            return await _runs.ListRecentAsync(count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("list training runs", _tables.Schema, ex);
        }
    }

    /// <summary>Stops listening for activations. Training-lock handles stay valid until disposed.</summary>
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    /// <summary>Stops listening for activations (waits up to 10 s for the loop to end).</summary>
    public void Dispose() => _listener.Dispose();

    private static ModelVersionInfo ToInfo(ModelVersionRecord record) => new()
    {
        Version = record.Version,
        CreatedAt = record.CreatedAt,
        TrainedAt = record.TrainedAt,
        Status = record.Status,
        IsActive = record.ActiveVariant is not null,
        Variant = record.ActiveVariant,
        Parameters = ModelVersionJson.ReadParameters(record.ParametersJson),
        Metrics = ModelVersionJson.ReadMetrics(record.MetricsJson),
        DataWatermark = record.DataWatermark,
        Checksum = record.Checksum is { } c && c.StartsWith("sha256:", StringComparison.Ordinal) ? c["sha256:".Length..] : record.Checksum,
        SizeBytes = record.SizeBytes ?? 0,
    };

    private async Task RefreshActiveAsync(CancellationToken cancellationToken)
        => Observed(await _versions.GetActiveMapAsync(cancellationToken).ConfigureAwait(false), force: false);

    /// <summary>Records the active versions and raises <see cref="ActiveChanged"/> when forced or when they changed.</summary>
    private void Observed(Dictionary<string, string> active, bool force)
    {
        EventHandler? handlers;
        lock (_gate)
        {
            var changed = _lastActive is null || !SameMap(_lastActive, active);
            _lastActive = active;
            if (!changed && !force)
            {
                return;
            }

            handlers = _activeChanged;
        }

        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler)handler)(this, EventArgs.Empty);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ActiveChangedHandlerFailed(_logger, ex);
            }
        }
    }

    private static bool SameMap(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (variant, version) in a)
        {
            if (!b.TryGetValue(variant, out var other) || !string.Equals(version, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
