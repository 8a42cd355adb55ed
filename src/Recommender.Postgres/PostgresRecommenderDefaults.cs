namespace Recommender.Postgres;

/// <summary>The documented defaults of <see cref="PostgresRecommenderOptions"/>.</summary>
internal static class PostgresRecommenderDefaults
{
    /// <summary>The schema holding the SDK's own tables: <c>recommender</c>.</summary>
    public const string Schema = "recommender";

    /// <summary>How often to re-read active models, flags and configuration while change notifications are not
    /// received (the listening connection is down): 30 seconds.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    /// <summary>The shortest allowed <see cref="PostgresRecommenderOptions.PollInterval"/>: 100 ms.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <c>UsePostgres</c> migrates the schema when the host starts: true.</summary>
    public const bool MigrateOnStart = true;

    /// <summary>The name under which <c>UsePostgres</c> registers the database health check: <c>recommender-postgres</c>.</summary>
    public const string HealthCheckName = "recommender-postgres";

    /// <summary>How long the health check waits for <c>SELECT 1</c>: 5 seconds.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Whether <c>UsePostgres</c> shares engagements between instances: true.</summary>
    public const bool PropagateEngagements = true;

    /// <summary>How often each instance polls the host's engagement table: every 2 seconds (an engagement stored by
    /// any service is applied everywhere within about that, well inside the 5 s bound).</summary>
    public static readonly TimeSpan EngagementPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>How far before the watermark each poll reads again, for rows committed late: 10 seconds.</summary>
    public static readonly TimeSpan EngagementLookback = TimeSpan.FromSeconds(10);
}
