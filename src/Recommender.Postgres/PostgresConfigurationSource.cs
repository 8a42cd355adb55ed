using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Recommender.Postgres.Configuration;

namespace Recommender.Postgres;

/// <summary>
/// Configuration from the SDK's <c>system_config</c> table (key: a configuration path such as
/// <c>Recommender:Ranking:FreshnessWeight</c>; value: jsonb, objects flattened into sub-keys). Add it with
/// <c>AddRecommenderPostgres</c>. With <see cref="ReloadOnChange"/> the provider reloads when the table changes
/// (<c>NOTIFY</c> from its trigger; polling every <see cref="PollInterval"/> while not listening), so
/// <c>IOptionsMonitor&lt;T&gt;</c> and change tokens see new values within moments. Change values with
/// <see cref="PostgresSystemConfig"/> or plain SQL.
/// </summary>
public sealed class PostgresConfigurationSource : IConfigurationSource
{
    /// <summary>The database. Either this or <see cref="ConnectionString"/> must be set.</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>A connection string, used when <see cref="DataSource"/> is null; the provider then owns its own
    /// data source and disposes it with the configuration root.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema of the SDK's tables. Default <c>recommender</c>.</summary>
    public string Schema { get; set; } = PostgresRecommenderDefaults.Schema;

    /// <summary>Reload when the table changes. Default true.</summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>How often to re-read while not listening for changes. Default 30 seconds; at least 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = PostgresRecommenderDefaults.PollInterval;

    /// <summary>When true, a database that cannot be reached at start gives empty configuration (and a reload later)
    /// instead of an exception. Default false.</summary>
    public bool Optional { get; set; }

    /// <summary>Clock for the waits; null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Receives reloads and connection problems; null for none. (Configuration is built before logging,
    /// so this is usually set only by hosts that create a logger factory early.)</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>False: never LISTEN, only poll (tests of the fallback).</summary>
    internal bool Listen { get; set; } = true;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Neither a data source nor a connection string is set, or an option is invalid.</exception>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var errors = new List<string>();
        if (DataSource is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("Set DataSource or ConnectionString.");
        }

        var options = new PostgresRecommenderOptions { Schema = Schema, PollInterval = PollInterval };
        options.CollectErrors(errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(PostgresConfigurationSource)}: " + string.Join(" ", errors));
        }

        return new PostgresConfigurationProvider(this, options);
    }
}
