using System.CommandLine;
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

    /// <summary>What a connection string looks like, for messages.</summary>
    public const string Example = "\"Host=localhost;Port=5432;Database=app;Username=app;Password=...\"";

    /// <summary>A data source for the connection string (checked when parsed).</summary>
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

    /// <summary>
    /// Npgsql's check of a connection string, in the console's words: the option, what is wrong, an example. The value
    /// itself is never repeated (it may hold a password).
    /// </summary>
    public static string? Problem(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"--postgres needs a connection string, e.g. {Example}";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? $"--postgres: the connection string names no Host; give one like {Example}"
                : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var reason = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
            return $"--postgres: the value is not a valid Npgsql connection string ({reason.TrimEnd('.')}); give one like {Example}";
        }
    }
}

/// <summary>The options <c>--postgres</c>, <c>--schema</c> and <c>--sdk-schema</c> of one command.</summary>
public sealed class PostgresOptions
{
    public Option<string?> Postgres { get; }

    public Option<string?> Schema { get; } = CommandOptions.Text("--schema", $"with --postgres: the schema of the host's tables (default {PostgresSettings.DefaultSchema})", "NAME");

    public Option<string?> SdkSchema { get; } = CommandOptions.Text("--sdk-schema", "with --postgres: the schema of the SDK's tables (default recommender)", "NAME");

    /// <param name="description">What --postgres does for the command.</param>
    public PostgresOptions(string description)
    {
        Postgres = CommandOptions.Text("--postgres", description, "CONN");
        Postgres.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !r.Tokens[0].Value.StartsWith("--", StringComparison.Ordinal) && PostgresSettings.Problem(r.Tokens[0].Value) is { } problem)
            {
                r.AddError(problem);
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Postgres);
        command.Options.Add(Schema);
        command.Options.Add(SdkSchema);
    }

    /// <summary>The settings, or null without --postgres (then --schema and --sdk-schema are refused).</summary>
    public PostgresSettings? From(ParseResult result)
    {
        var connectionString = result.GetValue(Postgres);
        var schema = result.GetValue(Schema);
        var sdkSchema = result.GetValue(SdkSchema);
        if (connectionString is null)
        {
            if (schema is not null || sdkSchema is not null)
            {
                throw new UsageException($"{(schema is not null ? "--schema" : "--sdk-schema")} applies with --postgres only");
            }

            return null;
        }

        return new PostgresSettings(connectionString, schema ?? PostgresSettings.DefaultSchema, sdkSchema ?? new PostgresRecommenderOptions().Schema);
    }
}
