using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Recommender.Postgres.Migrations;

namespace Recommender.Postgres;

/// <summary>
/// Creates and upgrades the SDK's tables in the configured schema (<see cref="PostgresRecommenderOptions.Schema"/>).
/// The versioned scripts ship inside this assembly; <see cref="MigrateAsync"/> applies the missing ones in one
/// transaction and records each in <c>schema_migrations</c>. Safe to call from every instance at start-up: a
/// transaction-scoped advisory lock lets one instance migrate while the others wait and then find nothing to do.
/// </summary>
/// <remarks>
/// The role needs <c>CREATE</c> on the database the first time (to create the schema) or, when a DBA created the
/// schema, <c>USAGE, CREATE</c> on it; once up to date, only <c>USAGE</c> and table privileges are needed.
/// </remarks>
public sealed class PostgresMigrator
{
    /// <summary>The first key of the advisory lock (ASCII "RCMD"); the second is a hash of the schema name.</summary>
    internal const int LockClassId = 0x52434D44;

    /// <summary>The table recording applied migrations, inside the schema.</summary>
    internal const string VersionTable = "schema_migrations";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator.</summary>
    /// <param name="dataSource">The database. The migrator opens and returns one connection per call.</param>
    /// <param name="options">The schema to migrate; null for the defaults.</param>
    /// <param name="logger">Receives one message per applied migration; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgresMigrator(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, ILogger<PostgresMigrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresRecommenderOptions();
        options.Validate();
        _dataSource = dataSource;
        _schema = options.Schema;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The newest migration version this build ships.</summary>
    public static int LatestVersion => Migration.All.Count;

    /// <summary>
    /// Applies every missing migration, in order, in one transaction. Calling it again, or from several processes
    /// at once, is harmless: later callers find the schema up to date.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the lock or applying; nothing is applied then.</param>
    /// <returns>The versions before and after, and those applied by this call.</returns>
    /// <exception cref="NpgsqlException">The database failed or refused a statement (for example a missing privilege).</exception>
    public Task<PostgresMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
        => MigrateToAsync(LatestVersion, cancellationToken);

    /// <summary>As <see cref="MigrateAsync"/>, applying migrations up to <paramref name="targetVersion"/> only (tests of upgrades).</summary>
    internal async Task<PostgresMigrationResult> MigrateToAsync(int targetVersion, CancellationToken cancellationToken)
    {
        var quoted = PgIdentifier.Quote(_schema);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        await AcquireLockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await EnsureVersionTableAsync(connection, transaction, quoted, cancellationToken).ConfigureAwait(false);
        var applied = await ReadAppliedAsync(connection, transaction, quoted, cancellationToken).ConfigureAwait(false);

        var previous = applied.Count == 0 ? 0 : applied.Keys.Max();
        if (previous > LatestVersion)
        {
            Log.DatabaseNewerThanCode(_logger, _schema, previous, LatestVersion);
        }

        var newlyApplied = new List<int>();
        foreach (var migration in Migration.All)
        {
            if (migration.Version > targetVersion)
            {
                break;
            }

            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                {
                    Log.MigrationChecksumMismatch(_logger, migration.Version, migration.Name, _schema);
                }

                continue;
            }

            var started = Stopwatch.GetTimestamp();
            using (var apply = new NpgsqlCommand(migration.ScriptFor(quoted), connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var record = new NpgsqlCommand(
                $"INSERT INTO {quoted}.{VersionTable} (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            newlyApplied.Add(migration.Version);
            Log.MigrationApplied(_logger, migration.Version, migration.Name, _schema, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var current = Math.Max(previous, newlyApplied.Count == 0 ? 0 : newlyApplied[^1]);
        if (newlyApplied.Count == 0)
        {
            Log.MigrationsUpToDate(_logger, _schema, current);
        }

        return new PostgresMigrationResult
        {
            Schema = _schema,
            PreviousVersion = previous,
            CurrentVersion = current,
            AppliedVersions = newlyApplied,
        };
    }

    /// <summary>The second key of the advisory lock: FNV-1a of the schema name, so schemas migrate independently.</summary>
    internal static int LockObjectId(string schema)
    {
        var hash = 2166136261u;
        foreach (var c in schema)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@class, @object)", connection, transaction);
        tryLock.Parameters.AddWithValue("class", LockClassId);
        tryLock.Parameters.AddWithValue("object", LockObjectId(_schema));
        if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
        {
            return;
        }

        Log.WaitingForMigrationLock(_logger, _schema);
        using var waitLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, @object)", connection, transaction);
        waitLock.Parameters.AddWithValue("class", LockClassId);
        waitLock.Parameters.AddWithValue("object", LockObjectId(_schema));
        await waitLock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureVersionTableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string quoted, CancellationToken cancellationToken)
    {
        // Look before creating: CREATE ... IF NOT EXISTS checks the CREATE privilege even when the object exists,
        // and a role that a DBA gave only table privileges must still be able to run an up-to-date migration.
        using var probe = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema), to_regclass(@table) IS NOT NULL", connection, transaction);
        probe.Parameters.AddWithValue("schema", _schema);
        probe.Parameters.AddWithValue("table", $"{quoted}.{VersionTable}");
        bool schemaExists, tableExists;
        var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            schemaExists = reader.GetBoolean(0);
            tableExists = reader.GetBoolean(1);
        }

        if (tableExists)
        {
            return;
        }

        var sql = (schemaExists ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {quoted};\n") +
            $"""
            CREATE TABLE IF NOT EXISTS {quoted}.{VersionTable} (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """;
        using var create = new NpgsqlCommand(sql, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string quoted, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        using var command = new NpgsqlCommand($"SELECT version, checksum FROM {quoted}.{VersionTable}", connection, transaction);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }
}
