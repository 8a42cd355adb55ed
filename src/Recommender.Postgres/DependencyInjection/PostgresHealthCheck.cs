using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Recommender.Postgres.DependencyInjection;

/// <summary>
/// The database health check of <c>UsePostgres</c>: <c>SELECT 1</c> and the schema's migration version, within
/// <see cref="PostgresRecommenderOptions.HealthCheckTimeout"/>. Healthy when the database answers and the schema is
/// at (or past) the version this build needs; the registration's failure status (Unhealthy by default) when it does
/// not answer or the schema is behind. The description never contains the connection string.
/// </summary>
internal sealed class PostgresHealthCheck(PostgresRecommenderDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = database.Options;
        var schema = options.Schema;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthCheckTimeout);
        int? version;
        try
        {
            var connection = await database.DataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var probe = new NpgsqlCommand("SELECT 1, to_regclass(@table) IS NOT NULL", connection);
                probe.Parameters.AddWithValue("table", $"{PgIdentifier.Quote(schema)}.{PostgresMigrator.VersionTable}");
                bool migrated;
                var reader = await probe.ExecuteReaderAsync(timeout.Token).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                    migrated = reader.GetBoolean(1);
                }

                version = 0;
                if (migrated)
                {
                    using var read = new NpgsqlCommand($"SELECT COALESCE(max(version), 0) FROM {PgIdentifier.Quote(schema)}.{PostgresMigrator.VersionTable}", connection);
                    version = Convert.ToInt32(await read.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"PostgreSQL did not answer within {options.HealthCheckTimeout.TotalSeconds:F1} s (schema '{schema}').",
                ex,
                Data(schema, null));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"PostgreSQL check failed (schema '{schema}'): {DbErrors.Describe(ex)}",
                ex,
                Data(schema, null));
        }

        if (version < PostgresMigrator.LatestVersion)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"PostgreSQL answers, but schema '{schema}' is at migration {version} and this build needs {PostgresMigrator.LatestVersion}: run PostgresMigrator (or UsePostgres with MigrateOnStart).",
                data: Data(schema, version));
        }

        return HealthCheckResult.Healthy($"PostgreSQL answers; schema '{schema}' is at migration {version}.", Data(schema, version));
    }

    private static Dictionary<string, object> Data(string schema, int? version)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["schema"] = schema,
            ["expectedSchemaVersion"] = PostgresMigrator.LatestVersion,
        };
        if (version is { } v)
        {
            data["schemaVersion"] = v;
        }

        return data;
    }
}
