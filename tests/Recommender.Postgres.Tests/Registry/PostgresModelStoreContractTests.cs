using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Training;

namespace Recommender.Postgres.Tests.Registry;

/// <summary>The <see cref="IModelStore"/> contract on PostgreSQL: every test gets a freshly migrated schema.</summary>
public sealed class PostgresModelStoreContractTests : ModelStoreContractTests, IClassFixture<PostgresSchemaFixture>, IAsyncDisposable
{
    private readonly PostgresSchemaFixture _fixture;
    private readonly List<PostgresModelStore> _stores = [];

    public PostgresModelStoreContractTests(PostgresSchemaFixture fixture)
    {
        TestDatabase.Require();
        _fixture = fixture;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IModelStore> CreateStoreAsync()
    {
        var options = new PostgresRecommenderOptions { Schema = _fixture.NewSchemaName() };
        await new PostgresMigrator(_fixture.DataSource, options).MigrateAsync(Token);
        var store = new PostgresModelStore(_fixture.DataSource, options);
        _stores.Add(store);
        return store;
    }
}
