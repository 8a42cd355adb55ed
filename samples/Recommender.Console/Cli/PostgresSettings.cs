using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recommender.Postgres;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// <c>--postgres CONN [--schema S] [--sdk-schema S]</c>, shared by the commands that can work against a database:
/// the host's tables in the sample layout (<see cref="PostgresSampleSchema"/>) in schema S (default
/// <c>recommender_sample</c>, where <c>--create-sample</c> puts them), the SDK's own tables in its schema (default
/// <c>recommender</c>, migrated when needed).
/// </summary>
public sealed record PostgresSettings(string ConnectionString, string Schema, string SdkSchema)
{
    /// <summary>The schema of the host's tables unless --schema says otherwise.</summary>
    public const string DefaultSchema = "recommender_sample";

    /// <summary>The options this adds to a command.</summary>
    public static readonly string[] Options = ["postgres", "schema", "sdk-schema"];

    /// <summary>The settings, or null without --postgres (then --schema and --sdk-schema are refused).</summary>
    public static PostgresSettings? From(CommandLineArguments a)
    {
        var connectionString = a.GetString("postgres");
        if (connectionString is null)
        {
            foreach (var name in new[] { "schema", "sdk-schema" })
            {
                if (a.GetString(name) is not null)
                {
                    throw new UsageException($"--{name} applies with --postgres only");
                }
            }

            return null;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UsageException("--postgres needs a connection string (Host=...;Database=...;Username=...)");
        }

        return new PostgresSettings(connectionString, a.GetString("schema") ?? DefaultSchema, a.GetString("sdk-schema") ?? new PostgresRecommenderOptions().Schema);
    }

    /// <summary>A data source for the connection string (a bad string is an ArgumentException: exit 2).</summary>
    public NpgsqlDataSource Open() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Creates or updates the SDK's tables (a host does it at start with MigrateOnStart; no host runs here).</summary>
    public Task<PostgresMigrationResult> MigrateAsync(NpgsqlDataSource database, CancellationToken cancellationToken) =>
        new PostgresMigrator(database, new PostgresRecommenderOptions { Schema = SdkSchema }).MigrateAsync(cancellationToken);

    /// <summary>The host's tables, read as <c>UsePostgres</c> reads them.</summary>
    public PostgresDataSource HostTables(NpgsqlDataSource database) => new(database, new PostgresDataSourceOptions { Schema = Schema });

    /// <summary>Registers PostgreSQL as the host would: data source, model registry and feature flags in the database.</summary>
    public void Use(IRecommenderBuilder builder, NpgsqlDataSource database) =>
        builder.UsePostgres(database, o =>
        {
            o.Schema = SdkSchema;
            o.HostTables.Schema = Schema;
            o.MigrateOnStart = false; // MigrateAsync does it: no host starts here
        });
}
