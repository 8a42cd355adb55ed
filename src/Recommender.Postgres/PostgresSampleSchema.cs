using Npgsql;

namespace Recommender.Postgres;

/// <summary>
/// The documented default layout of the host's own tables (<c>users</c>, <c>posts</c>, <c>engagements</c>,
/// <c>follows</c>) that <see cref="PostgresDataSource"/> reads with its default options, for samples and tests.
/// A real host keeps its own tables and maps them with <see cref="PostgresDataSourceOptions"/>; this is not one of
/// the SDK's migrations.
/// </summary>
public static partial class PostgresSampleSchema
{
    private const string ResourceName = "Recommender.Postgres.SampleSchema.sample_host_schema.sql";

    /// <summary>
    /// The SQL script (idempotent: <c>IF NOT EXISTS</c> everywhere) with unqualified table names: it creates the
    /// tables in the first schema of <c>search_path</c>. Runnable as is with <c>psql -f</c>.
    /// </summary>
    public static string Script { get; } = EmbeddedSql.Read(ResourceName);

    /// <summary>Creates the tables and indexes of the default layout, when missing, in one transaction.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="schema">
    /// The schema to create them in (created when missing); null for the first schema of <c>search_path</c>.
    /// Must match <c>^[A-Za-z_][A-Za-z0-9_]{0,62}</c>; it is quoted.
    /// </param>
    /// <param name="cancellationToken">Stops the creation; nothing is created then.</param>
    /// <exception cref="ArgumentException">The schema name is invalid.</exception>
    public static async Task CreateAsync(NpgsqlDataSource dataSource, string? schema = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (schema is not null && !PgIdentifier.IsValidHost(schema))
        {
            throw new ArgumentException($"The schema name must match {PgIdentifier.HostPattern}.", nameof(schema));
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var prefix = schema is null
            ? string.Empty
            : $"CREATE SCHEMA IF NOT EXISTS {PgIdentifier.Quote(schema)};\nSET LOCAL search_path TO {PgIdentifier.Quote(schema)};\n";
        using (var command = new NpgsqlCommand(prefix + Script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
