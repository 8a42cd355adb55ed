using Npgsql;

namespace Recommender.Postgres.DependencyInjection;

/// <summary>
/// The database <c>UsePostgres</c> configured, with its validated options. Registered as this type (not as
/// <see cref="NpgsqlDataSource"/>) so that a host's own data-source registration is left alone. Disposes the data
/// source only when <c>UsePostgres</c> created it from a connection string.
/// </summary>
internal sealed class PostgresRecommenderDatabase(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresRecommenderOptions options) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public PostgresRecommenderOptions Options { get; } = options;

    public ValueTask DisposeAsync() => ownsDataSource ? DataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (ownsDataSource)
        {
            DataSource.Dispose();
        }
    }
}
