using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recommender.Postgres.Notifications;
using Recommender.Postgres.Registry;

namespace Recommender.Postgres.Configuration;

/// <summary>Loads <c>system_config</c> (see <see cref="PostgresConfigurationSource"/>) and reloads it on change.</summary>
internal sealed class PostgresConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SystemConfigStore _store;
    private readonly string _schema;
    private readonly bool _optional;
    private readonly bool _reloadOnChange;
    private readonly ILogger _logger;
    private readonly ChangeListener _listener;
    private readonly Lock _gate = new();

    public PostgresConfigurationProvider(PostgresConfigurationSource source, PostgresRecommenderOptions options)
    {
        _ownsDataSource = source.DataSource is null;
        _dataSource = source.DataSource ?? NpgsqlDataSource.Create(source.ConnectionString!);
        _schema = options.Schema;
        _optional = source.Optional;
        _reloadOnChange = source.ReloadOnChange;
        _logger = source.LoggerFactory?.CreateLogger<PostgresConfigurationSource>() ?? (ILogger)NullLogger.Instance;
        var time = source.TimeProvider ?? TimeProvider.System;
        _store = new SystemConfigStore(_dataSource, options, time);
        _listener = new ChangeListener(_dataSource, _schema, ChangeTopics.Config, options.PollInterval, time, _logger, ReloadAsync, listen: source.Listen);
    }

    /// <summary>The server process id of the connection listening for changes, 0 while not connected (tests).</summary>
    internal int ListenerProcessId => _listener.ListenerProcessId;

    public override void Load()
    {
        try
        {
            var data = SystemConfigFlattener.Flatten(_store.List());
            lock (_gate)
            {
                Data = data;
            }
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            if (!_optional)
            {
                throw DbErrors.Unavailable("load configuration from system_config", _schema, ex);
            }

            Log.RefreshFailed(_logger, ex, _schema, ChangeTopics.Config);
        }

        if (_reloadOnChange)
        {
            _listener.Start();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var data = SystemConfigFlattener.Flatten(await _store.ListAsync(cancellationToken).ConfigureAwait(false));
        lock (_gate)
        {
            if (Same(Data, data))
            {
                return;
            }

            Data = data;
        }

        Log.ConfigurationReloaded(_logger, _schema, data.Count);
        OnReload();
    }

    private static bool Same(IDictionary<string, string?> a, Dictionary<string, string?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
