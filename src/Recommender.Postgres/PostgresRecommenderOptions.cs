namespace Recommender.Postgres;

/// <summary>
/// Where Recommender keeps its own tables (model registry, feature flags, configuration, training runs) in
/// PostgreSQL, and how it follows changes made by other instances. Every option documents its default;
/// <see cref="Validate"/> lists every error at once.
/// </summary>
public sealed class PostgresRecommenderOptions
{
    /// <summary>
    /// The schema of the SDK's tables, created by <see cref="PostgresMigrator"/> when missing. Default
    /// <c>recommender</c>. Must match <c>^[a-z_][a-z0-9_]{0,62}$</c>; it is always quoted in SQL. Change
    /// notifications use the channel of the same name.
    /// </summary>
    public string Schema { get; set; } = PostgresRecommenderDefaults.Schema;

    /// <summary>
    /// How often active models, flags and configuration are re-read while the connection that LISTENs for changes is
    /// down (it reconnects with backoff meanwhile), and how often that connection is checked while idle. Default
    /// 30 seconds; at least 100 ms.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = PostgresRecommenderDefaults.PollInterval;

    /// <summary>
    /// With <c>UsePostgres</c>: apply missing migrations when the host starts, before any hosted service starts.
    /// Default true. Needs the privileges of docs/postgres.md ("Grants") only when something is missing.
    /// </summary>
    public bool MigrateOnStart { get; set; } = PostgresRecommenderDefaults.MigrateOnStart;

    /// <summary>With <c>UsePostgres</c>: how long the health check waits for the database. Default 5 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = PostgresRecommenderDefaults.HealthCheckTimeout;

    /// <summary>
    /// With <c>UsePostgres</c>: the layout of the host's tables that the registered <see cref="PostgresDataSource"/>
    /// reads (when the host did not register its own <c>IRecommenderDataSource</c>). Default: the documented
    /// default layout.
    /// </summary>
    public PostgresDataSourceOptions HostTables { get; set; } = new();

    /// <summary>
    /// With <c>UsePostgres</c>: share engagements between instances (docs/postgres.md, "Engagements on every
    /// instance"): each one recorded through <c>RecordEngagementAsync</c> is sent with NOTIFY, and the host's engagement
    /// table (<see cref="HostTables"/>) is polled every <see cref="EngagementPollInterval"/>, so that an engagement
    /// recorded on any instance, or stored by any service, is applied by all. Default true.
    /// </summary>
    public bool PropagateEngagements { get; set; } = PostgresRecommenderDefaults.PropagateEngagements;

    /// <summary>
    /// How often each instance reads the engagements stored since its watermark: the bound on the delay of an
    /// engagement that reaches an instance only through the table (stored by another service, or notified while the
    /// instance was not listening). One indexed query per interval per instance. Default 2 seconds; at least 100 ms.
    /// </summary>
    public TimeSpan EngagementPollInterval { get; set; } = PostgresRecommenderDefaults.EngagementPollInterval;

    /// <summary>
    /// How far before the watermark (the newest engagement time read) each poll reads again, so that a row committed
    /// after a newer one, or stamped by a clock that is behind, is still found; what is read twice is dropped as a
    /// repeat. Rows that appear with a time older than this behind the newest are not found by polling. Default 10
    /// seconds; between 0 and 1 hour.
    /// </summary>
    public TimeSpan EngagementLookback { get; set; } = PostgresRecommenderDefaults.EngagementLookback;

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names, e.g. "Recommender:Postgres:".</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        PgIdentifier.CollectStrict(errors, Schema, $"{prefix}{nameof(Schema)}");
        if (PollInterval < PostgresRecommenderDefaults.MinPollInterval)
        {
            errors.Add($"{prefix}{nameof(PollInterval)} must be at least {PostgresRecommenderDefaults.MinPollInterval.TotalMilliseconds:F0} ms, was {PollInterval}.");
        }

        if (EngagementPollInterval < PostgresRecommenderDefaults.MinPollInterval)
        {
            errors.Add($"{prefix}{nameof(EngagementPollInterval)} must be at least {PostgresRecommenderDefaults.MinPollInterval.TotalMilliseconds:F0} ms, was {EngagementPollInterval}.");
        }

        if (EngagementLookback < TimeSpan.Zero || EngagementLookback > TimeSpan.FromHours(1))
        {
            errors.Add($"{prefix}{nameof(EngagementLookback)} must be between 0 and 1 hour, was {EngagementLookback}.");
        }

        if (HealthCheckTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(HealthCheckTimeout)} must be positive, was {HealthCheckTimeout}.");
        }

        if (HostTables is null)
        {
            errors.Add($"{prefix}{nameof(HostTables)} must not be null.");
        }
        else
        {
            HostTables.CollectErrors(errors, $"{prefix}{nameof(HostTables)}.");
        }
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    internal PostgresRecommenderOptions Clone() => new()
    {
        Schema = Schema,
        PollInterval = PollInterval,
        MigrateOnStart = MigrateOnStart,
        HealthCheckTimeout = HealthCheckTimeout,
        PropagateEngagements = PropagateEngagements,
        EngagementPollInterval = EngagementPollInterval,
        EngagementLookback = EngagementLookback,
        HostTables = HostTables.Clone(),
    };
}
