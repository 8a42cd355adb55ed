using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>A fresh schema per test class with the SDK's migrations applied.</summary>
public sealed class MigratedSchemaFixture : IAsyncLifetime
{
    private readonly PostgresSchemaFixture _schema = new();

    public string Schema => _schema.Schema;

    public NpgsqlDataSource DataSource => _schema.DataSource;

    public PostgresRecommenderOptions Options => new() { Schema = Schema };

    public async ValueTask InitializeAsync()
    {
        await _schema.InitializeAsync();
        if (TestDatabase.ConnectionString is not null)
        {
            await new PostgresMigrator(_schema.DataSource, Options).MigrateAsync();
        }
    }

    public ValueTask DisposeAsync() => _schema.DisposeAsync();
}
