using Microsoft.Extensions.Logging;

namespace Recommender.Postgres;

/// <summary>
/// Every log message of Recommender.Postgres, source-generated, with stable event ids in 6000-6099:
/// 600x migrations, 602x the data adapter, 604x the model registry, 606x change notifications, 607x feature flags and
/// configuration.
/// Messages never contain connection strings or row data other than ids and counts.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Applied migration {Version} ({Name}) to schema {Schema} in {Milliseconds:F0} ms")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string schema, double milliseconds);

    [LoggerMessage(6001, LogLevel.Debug, "Schema {Schema} is up to date at migration {Version}")]
    public static partial void MigrationsUpToDate(ILogger logger, string schema, int version);

    [LoggerMessage(6002, LogLevel.Warning, "Migration {Version} ({Name}) in schema {Schema} was applied from a different script than this build ships; it is not applied again")]
    public static partial void MigrationChecksumMismatch(ILogger logger, int version, string name, string schema);

    [LoggerMessage(6003, LogLevel.Warning, "Schema {Schema} is at migration {DatabaseVersion}, newer than this build knows ({CodeVersion}); an older instance is running against a newer schema")]
    public static partial void DatabaseNewerThanCode(ILogger logger, string schema, int databaseVersion, int codeVersion);

    [LoggerMessage(6004, LogLevel.Debug, "Waiting for the migration lock of schema {Schema}")]
    public static partial void WaitingForMigrationLock(ILogger logger, string schema);

    [LoggerMessage(6020, LogLevel.Debug, "Read {Count} {What} from PostgreSQL in {Seconds:F2} s")]
    public static partial void ReadCompleted(ILogger logger, long count, string what, double seconds);

    [LoggerMessage(6021, LogLevel.Warning, "Skipped {UnknownKinds} engagements with an unknown kind (for example {Kinds}); map such kinds with PostgresDataSourceOptions.KindNames")]
    public static partial void UnknownKindsSkipped(ILogger logger, long unknownKinds, string kinds);

    [LoggerMessage(6022, LogLevel.Warning, "Skipped {Count} {What} rows with a missing (NULL) id, kind or timestamp")]
    public static partial void MissingValuesSkipped(ILogger logger, long count, string what);

    [LoggerMessage(6040, LogLevel.Information, "Stored artefact of model {Version}: {Bytes} bytes in {Chunks} chunks, {Seconds:F2} s")]
    public static partial void ArtefactWritten(ILogger logger, string version, long bytes, int chunks, double seconds);

    [LoggerMessage(6041, LogLevel.Information, "Activated model {Version} for variant {Variant}")]
    public static partial void ModelActivated(ILogger logger, string version, string variant);

    [LoggerMessage(6042, LogLevel.Warning, "Saving model {Version} failed; its row was {Outcome}")]
    private static partial void SaveAbandoned(ILogger logger, Exception exception, string version, string outcome);

    public static void SaveAbandoned(ILogger logger, Exception exception, string version, bool removed)
        => SaveAbandoned(logger, exception, version, removed ? "removed" : "left as 'training' (the database is unreachable) and will be removed by a later save");

    [LoggerMessage(6043, LogLevel.Information, "Removed {Count} model versions left in status 'training' by a save that crashed (schema {Schema})")]
    public static partial void OrphansRemoved(ILogger logger, int count, string schema);

    [LoggerMessage(6044, LogLevel.Information, "Deactivated variant {Variant}")]
    public static partial void VariantDeactivated(ILogger logger, string variant);

    [LoggerMessage(6045, LogLevel.Debug, "Took the training lock of schema {Schema}")]
    public static partial void TrainingLockAcquired(ILogger logger, string schema);

    [LoggerMessage(6046, LogLevel.Information, "The training lock of schema {Schema} is held by another instance; not training")]
    public static partial void TrainingLockBusy(ILogger logger, string schema);

    [LoggerMessage(6047, LogLevel.Warning, "An ActiveChanged handler threw")]
    public static partial void ActiveChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(6060, LogLevel.Debug, "Listening for '{Topic}' changes on channel {Channel}")]
    public static partial void ListenerConnected(ILogger logger, string channel, string topic);

    [LoggerMessage(6061, LogLevel.Warning, "Not listening for '{Topic}' changes on channel {Channel}; polling meanwhile and reconnecting in {Seconds:F1} s")]
    public static partial void ListenerDisconnected(ILogger logger, Exception exception, string channel, string topic, double seconds);

    [LoggerMessage(6062, LogLevel.Warning, "Could not re-read '{Topic}' after a change on channel {Channel}; will retry")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string channel, string topic);

    [LoggerMessage(6070, LogLevel.Information, "Feature flags changed in schema {Schema}: {Count} flags")]
    public static partial void FlagsReloaded(ILogger logger, string schema, int count);

    [LoggerMessage(6071, LogLevel.Information, "Configuration changed in schema {Schema}: {Count} keys")]
    public static partial void ConfigurationReloaded(ILogger logger, string schema, int count);

    [LoggerMessage(6080, LogLevel.Warning, "Could not notify {Count} engagements on channel {Channel}; the other instances find the stored ones by polling")]
    public static partial void EngagementNotifyFailed(ILogger logger, Exception exception, string channel, int count);

    [LoggerMessage(6081, LogLevel.Warning, "Ignored a malformed engagement notification on channel {Channel}")]
    public static partial void EngagementPayloadMalformed(ILogger logger, string channel);

    [LoggerMessage(6082, LogLevel.Warning, "Dropped {Count} engagements waiting to be notified (the database is slow or down); the stored ones are found by polling")]
    public static partial void EngagementOutboxFull(ILogger logger, long count);

    [LoggerMessage(6083, LogLevel.Debug, "Polled {Count} engagements after {Since:O}; watermark {Watermark:O}")]
    public static partial void EngagementsPolled(ILogger logger, int count, DateTimeOffset since, DateTimeOffset watermark);

    [LoggerMessage(6084, LogLevel.Warning, "An engagement subscriber threw")]
    public static partial void EngagementSubscriberFailed(ILogger logger, Exception exception);
}
