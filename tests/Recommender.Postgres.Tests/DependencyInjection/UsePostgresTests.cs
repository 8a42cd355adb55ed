using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
    public void UsePostgres_InvalidOptions_FailWhenResolved_ListingEveryProblem()
    {
        using var provider = Build(s => s.AddRecommender().UsePostgres(DataSource, o => { o.Schema = "Bad"; o.PollInterval = TimeSpan.Zero; }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelStore>());

        Assert.Contains("Schema", ex.Message);
        Assert.Contains("PollInterval", ex.Message);
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
