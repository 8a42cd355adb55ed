using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Recommender.Data;
using Recommender.Postgres.DependencyInjection;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Postgres.Tests.DependencyInjection;

public sealed class UsePostgresTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    [Fact]
    public async Task UsePostgres_CalledTwice_ReplacesTheInMemoryDefaults_AndRegistersEachServiceOnce()
    {
        var options = await MigratedOptionsAsync();
        var services = new ServiceCollection().AddLogging();

        services.AddRecommender().UsePostgres(DataSource, o => o.Schema = options.Schema).UsePostgres(DataSource, o => o.Schema = options.Schema);

        Assert.Single(services, d => d.ServiceType == typeof(IModelStore));
        Assert.Single(services, d => d.ServiceType == typeof(IFeatureFlagProvider));
        Assert.Single(services, d => d.ServiceType == typeof(IRecommenderDataSource));
        Assert.Single(services, d => d.ServiceType == typeof(PostgresRecommenderDatabase));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PostgresMigrationHostedService));
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgresModelStore>(provider.GetRequiredService<IModelStore>());
        Assert.Same(provider.GetRequiredService<PostgresModelStore>(), provider.GetRequiredService<IModelStore>());
        Assert.IsType<PostgresFeatureFlagProvider>(provider.GetRequiredService<IFeatureFlagProvider>());
        Assert.IsType<PostgresDataSource>(provider.GetRequiredService<IRecommenderDataSource>());
        Assert.NotNull(provider.GetRequiredService<PostgresSystemConfig>());
        var health = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;
        Assert.Single(health.Registrations, r => r.Name == PostgresRecommenderDefaults.HealthCheckName);
        Assert.Empty(await provider.GetRequiredService<IModelStore>().ListAsync(Token)); // the configured schema answers
    }

    [Fact]
    public void UsePostgres_HostRegisteredItsOwnDataSource_KeepsIt()
    {
        var services = new ServiceCollection();
        var own = new InMemoryDataSource();
        services.AddSingleton<IRecommenderDataSource>(own);

        services.AddRecommender().UsePostgres(DataSource);

        using var provider = services.BuildServiceProvider();
        Assert.Same(own, provider.GetRequiredService<IRecommenderDataSource>());
    }

    [Fact]
    public async Task HealthCheck_MigratedDatabase_IsHealthy_AndReportsTheSchemaVersion()
    {
        var options = await MigratedOptionsAsync();
        await using var provider = Build(s => s.AddRecommender().UsePostgres(DataSource, o => o.Schema = options.Schema));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var entry = report.Entries[PostgresRecommenderDefaults.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(PostgresMigrator.LatestVersion, entry.Data["schemaVersion"]);
        Assert.Equal(options.Schema, entry.Data["schema"]);
    }

    [Fact]
    public async Task HealthCheck_DatabaseDown_IsUnhealthy_QuicklyAndWithoutTheSecret()
    {
        await using var down = DownDataSource();
        await using var provider = Build(s => s.AddRecommender().UsePostgres(down, o => o.HealthCheckTimeout = TimeSpan.FromSeconds(2)));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var entry = report.Entries[PostgresRecommenderDefaults.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.True(entry.Duration < TimeSpan.FromSeconds(3), $"took {entry.Duration}");
        Assert.DoesNotContain(DownPassword, entry.Description);
        Assert.DoesNotContain(DownPassword, entry.Exception?.ToString() ?? string.Empty);
    }

    [Fact]
    public async Task HealthCheck_SchemaNotMigrated_IsUnhealthy_SayingWhatToDo()
    {
        var schema = Fixture.NewSchemaName();
        await using var provider = Build(s => s.AddRecommender().UsePostgres(DataSource, o => o.Schema = schema));

        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token)).Entries[PostgresRecommenderDefaults.HealthCheckName];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(0, entry.Data["schemaVersion"]);
        Assert.Contains("migrat", entry.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MigrateOnStart_MigratesBeforeHostedServicesStart_OnlyWhenEnabled()
    {
        var schema = Fixture.NewSchemaName();
        await using var off = Build(s => s.AddRecommender().UsePostgres(DataSource, o => { o.Schema = schema; o.MigrateOnStart = false; }));
        await StartingAsync(off);
        Assert.Equal(0, await ScalarAsync<int>($"SELECT count(*)::int FROM pg_namespace WHERE nspname = '{schema}'"));

        await using var on = Build(s => s.AddRecommender().UsePostgres(DataSource, o => o.Schema = schema));
        await StartingAsync(on);

        Assert.Equal(PostgresMigrator.LatestVersion, await ScalarAsync<int>($"SELECT max(version) FROM \"{schema}\".schema_migrations"));
    }

    [Fact]
    public async Task UsePostgres_ConnectionString_CreatesItsOwnDataSource()
    {
        var options = await MigratedOptionsAsync();
        await using var provider = Build(s => s.AddRecommender().UsePostgres(TestDatabase.ConnectionString!, o => o.Schema = options.Schema));

        var store = provider.GetRequiredService<IModelStore>();
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "r" }, Token);

        Assert.Single(await store.ListRunsAsync(1, Token));
    }

    [Fact]
    public async Task UsePostgres_NoArgument_UsesTheContainersDataSource_AndLeavesItUndisposed()
    {
        var options = await MigratedOptionsAsync();
        await using var hosts = NpgsqlDataSource.Create(TestDatabase.ConnectionString!);

        // As Npgsql's AddNpgsqlDataSource and Aspire's AddNpgsqlDataSource register it: a singleton NpgsqlDataSource.
        await UseAndDisposeAsync(s => s.AddSingleton(hosts).AddRecommender().UsePostgres(o => o.Schema = options.Schema), hosts);

        await AssertStillOpensAsync(hosts);
    }

    [Fact]
    public async Task UsePostgres_DataSourceInstance_IsUsed_AndLeftUndisposed()
    {
        var options = await MigratedOptionsAsync();
        await using var hosts = NpgsqlDataSource.Create(TestDatabase.ConnectionString!);

        await UseAndDisposeAsync(s => s.AddRecommender().UsePostgres(hosts, o => o.Schema = options.Schema), hosts);

        await AssertStillOpensAsync(hosts);
    }

    [Fact]
    public async Task UsePostgres_Factory_UsesWhatItReturns_CalledOnce_AndLeavesItUndisposed()
    {
        var options = await MigratedOptionsAsync();
        await using var hosts = NpgsqlDataSource.Create(TestDatabase.ConnectionString!);
        var calls = 0;

        await UseAndDisposeAsync(
            s => s.AddRecommender().UsePostgres(_ => { calls++; return hosts; }, o => o.Schema = options.Schema),
            hosts);

        Assert.Equal(1, calls);
        await AssertStillOpensAsync(hosts);
    }

    [Fact]
    public async Task UseKeyedPostgres_UsesTheDataSourceOfThatKey_NotTheUnkeyedOne_AndLeavesItUndisposed()
    {
        var options = await MigratedOptionsAsync();
        await using var keyed = NpgsqlDataSource.Create(TestDatabase.ConnectionString!);
        await using var other = DownDataSource();

        // As Aspire's AddKeyedNpgsqlDataSource("feeddb") registers it: keyed by the connection name.
        await UseAndDisposeAsync(
            s => s.AddSingleton(other).AddKeyedSingleton("feeddb", keyed).AddRecommender().UseKeyedPostgres("feeddb", o => o.Schema = options.Schema),
            keyed);

        await AssertStillOpensAsync(keyed);
    }

    [Fact]
    public void UsePostgres_NoArgument_NoDataSourceRegistered_ThrowsNamingWhatToRegister()
    {
        using var provider = Build(s => s.AddRecommender().UsePostgres());

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IModelStore>());

        Assert.Contains("AddNpgsqlDataSource", ex.Message);
    }

    [Fact]
    public void UseKeyedPostgres_KeyNotRegistered_ThrowsNamingTheKey()
    {
        using var provider = Build(s => s.AddSingleton(DataSource).AddRecommender().UseKeyedPostgres("missing"));

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IModelStore>());

        Assert.Contains("'missing'", ex.Message);
    }

    [Fact]
    public async Task UsePostgres_ConnectionString_DisposesTheDataSourceItCreated()
    {
        var options = await MigratedOptionsAsync();
        NpgsqlDataSource created;
        await using (var provider = Build(s => s.AddRecommender().UsePostgres(TestDatabase.ConnectionString!, o => o.Schema = options.Schema)))
        {
            created = provider.GetRequiredService<PostgresRecommenderDatabase>().DataSource;
            await using var connection = await created.OpenConnectionAsync(Token);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await created.OpenConnectionAsync(Token));
    }

    [Fact]
    public void UsePostgres_InvalidOptions_FailWhenResolved_ListingEveryProblem()
    {
        using var provider = Build(s => s.AddRecommender().UsePostgres(DataSource, o => { o.Schema = "Bad"; o.PollInterval = TimeSpan.Zero; }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelStore>());

        Assert.Contains("Schema", ex.Message);
        Assert.Contains("PollInterval", ex.Message);
    }

    /// <summary>Builds the container, checks that Recommender's store reads through <paramref name="expected"/>, disposes the container.</summary>
    private static async Task UseAndDisposeAsync(Action<IServiceCollection> configure, NpgsqlDataSource expected)
    {
        await using var provider = Build(configure);
        Assert.Same(expected, provider.GetRequiredService<PostgresRecommenderDatabase>().DataSource);
        Assert.Empty(await provider.GetRequiredService<IModelStore>().ListAsync(Token)); // the configured schema answers through it
    }

    private static async Task AssertStillOpensAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync(Token);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging(); // a host always has logging; the health-check service needs it
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task StartingAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
        {
            await service.StartingAsync(Token);
        }
    }
}
