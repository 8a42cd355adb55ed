using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recommender.Postgres.Notifications;
using Recommender.Postgres.Registry;
using Recommender.Serving;

namespace Recommender.Postgres;

/// <summary>
/// Feature flags from the <c>feature_flags</c> table (<see cref="IFeatureFlagProvider"/>). The first lookup reads
/// every flag into memory; after that lookups never touch the database. The cache is refreshed when any instance
/// (or an admin in psql) changes the table, through <c>NOTIFY</c> on the channel named like the schema, and by
/// polling every <see cref="PostgresRecommenderOptions.PollInterval"/> while that notification connection is down.
/// While the database is unreachable the last flags read keep serving; before the first successful read, lookups
/// throw <see cref="PostgresUnavailableException"/>. Thread-safe. Dispose to stop listening.
/// </summary>
public sealed class PostgresFeatureFlagProvider : IFeatureFlagProvider, IAsyncDisposable, IDisposable
{
    private readonly FeatureFlagStore _store;
    private readonly string _schema;
    private readonly ILogger _logger;
    private readonly ChangeListener _listener;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private volatile FrozenDictionary<string, FeatureFlag>? _flags;

    /// <summary>Creates a provider over the SDK's <c>feature_flags</c> table.</summary>
    /// <param name="dataSource">The database; the provider holds one pooled connection to listen for changes once loaded.</param>
    /// <param name="options">The schema and poll interval; null for the defaults. Copied.</param>
    /// <param name="timeProvider">Clock for timestamps and waits; null for the system clock.</param>
    /// <param name="logger">Receives reloads and connection problems; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgresFeatureFlagProvider(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null, ILogger<PostgresFeatureFlagProvider>? logger = null)
        : this(dataSource, options, timeProvider, logger, listen: true)
    {
    }

    internal PostgresFeatureFlagProvider(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options, TimeProvider? timeProvider, ILogger? logger, bool listen)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options = (options ?? new PostgresRecommenderOptions()).Clone();
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _schema = options.Schema;
        _store = new FeatureFlagStore(dataSource, options, time);
        _listener = new ChangeListener(dataSource, _schema, ChangeTopics.Flags, options.PollInterval, time, _logger, ReloadAsync, listen);
    }

    /// <summary>The server process id of the connection listening for changes, 0 while not connected (tests).</summary>
    internal int ListenerProcessId => _listener.ListenerProcessId;

    /// <inheritdoc />
    /// <exception cref="PostgresUnavailableException">The flags were never read and the database cannot be reached.</exception>
    public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var flags = _flags;
        return flags is not null
            ? ValueTask.FromResult(flags.GetValueOrDefault(name))
            : LoadThenGetAsync(name, cancellationToken);
    }

    /// <summary>Every flag, by name, as last read.</summary>
    /// <param name="cancellationToken">Stops the first read.</param>
    /// <exception cref="PostgresUnavailableException">The flags were never read and the database cannot be reached.</exception>
    public async ValueTask<IReadOnlyList<FeatureFlag>> GetFlagsAsync(CancellationToken cancellationToken = default)
    {
        var flags = _flags ?? await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return [.. flags.Values.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>Creates or replaces a flag in the table. Every instance sees it within moments (NOTIFY); this one at once.</summary>
    /// <param name="flag">The flag.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentException">The flag has no name or a rollout outside 0-100.</exception>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task SetFlagAsync(FeatureFlag flag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flag);
        flag.Validate();

        try
        {
            await _store.UpsertAsync(flag.Name, flag.Enabled, flag.RolloutPercentage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"set feature flag '{flag.Name}'", _schema, ex);
        }

        await ReloadQuietlyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a flag from the table; the recommender's default applies again.</summary>
    /// <param name="name">The flag name.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>False when there was no such flag.</returns>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task<bool> RemoveFlagAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool removed;
        try
        {
            removed = await _store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"remove feature flag '{name}'", _schema, ex);
        }

        await ReloadQuietlyAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Reads every flag again now (normally not needed: changes arrive by themselves).</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("read feature flags", _schema, ex);
        }

        _listener.Start();
    }

    /// <summary>Stops listening for changes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        _loadGate.Dispose();
        _reloadGate.Dispose();
    }

    /// <summary>Stops listening for changes (waits up to 10 s for the loop to end).</summary>
    public void Dispose()
    {
        _listener.Dispose();
        _loadGate.Dispose();
        _reloadGate.Dispose();
    }

    private async ValueTask<FeatureFlag?> LoadThenGetAsync(string name, CancellationToken cancellationToken)
        => (await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name);

    private async Task<FrozenDictionary<string, FeatureFlag>> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_flags is { } loaded)
            {
                return loaded;
            }

            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return _flags!;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Reads every flag. One reload at a time, so an older read never replaces a newer one.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            var flags = rows.ToFrozenDictionary(r => r.Name, r => new FeatureFlag(r.Name, r.Enabled, r.RolloutPercentage), StringComparer.Ordinal);
            var previous = _flags;
            _flags = flags;
            if (previous is not null && !Same(previous, flags))
            {
                Log.FlagsReloaded(_logger, _schema, flags.Count);
            }
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>After this instance's own change: show it at once if the database answers; NOTIFY or polling catch up otherwise.</summary>
    private async Task ReloadQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
            _listener.Start();
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            Log.RefreshFailed(_logger, ex, _schema, ChangeTopics.Flags);
        }
    }

    private static bool Same(FrozenDictionary<string, FeatureFlag> a, FrozenDictionary<string, FeatureFlag> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (name, flag) in a)
        {
            if (!b.TryGetValue(name, out var other) || flag != other)
            {
                return false;
            }
        }

        return true;
    }
}
