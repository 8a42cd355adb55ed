using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Recommender.Data;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Postgres.Tests.DependencyInjection;

/// <summary>
/// <c>AddRecommender().UsePostgres(...)</c> in a real generic host: the engine trains from the host's tables, keeps
/// its models and reads its flags in PostgreSQL, and both health checks answer.
/// </summary>
public sealed class RecommenderHostingTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    [Fact]
    public async Task GenericHost_AddRecommenderWithUsePostgres_TrainsFromPostgres_StoresTheModelThere_ReadsItsFlags_AndBothHealthChecksAnswer()
    {
        var options = await MigratedOptionsAsync();
        var hostSchema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, hostSchema, Token);
        await SeedGroupsAsync(hostSchema);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services
            .AddRecommender(o =>
            {
                o.Training.Evaluate = false;
                o.Training.Schedule = string.Empty;
            })
            .UsePostgres(DataSource, o =>
            {
                o.Schema = options.Schema;
                o.HostTables.Schema = hostSchema;
            });
        builder.Services.AddRecommender(); // a second call, after UsePostgres, must not bring the in-memory defaults back
        var host = builder.Build();
        await using var disposeHost = (IAsyncDisposable)host;
        var engine = host.Services.GetRequiredService<RecommenderEngine>();
        var ran = new TaskCompletionSource<TrainingRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Training.RunCompleted += (_, r) => ran.TrySetResult(r);

        await host.StartAsync(Token);
        try
        {
            var run = await ran.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);

            Assert.Equal(TrainingOutcome.Activated, run.Outcome);
            Assert.Equal(30, run.Metrics["users"]);
            Assert.IsType<PostgresModelStore>(engine.Registry.Store);
            Assert.IsType<PostgresDataSource>(host.Services.GetRequiredService<IRecommenderDataSource>());
            Assert.Equal(run.ModelVersion, await ScalarAsync<string>($"SELECT v.version FROM \"{options.Schema}\".active_models a JOIN \"{options.Schema}\".model_versions v ON v.id = a.model_version_id WHERE a.variant = 'default'"));
            var recommender = host.Services.GetRequiredService<IRecommender>();
            var answer = await recommender.RankAsync("u1-2", ["p1-1", "p1-2", "p2-3"], cancellationToken: Token);
            Assert.Equal(RecommendationSource.Model, answer.Source);
            Assert.Equal(run.ModelVersion, answer.ModelVersion);

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);
            Assert.Equal(HealthStatus.Healthy, report.Entries["recommender"].Status);
            Assert.Equal(HealthStatus.Healthy, report.Entries[PostgresRecommenderDefaults.HealthCheckName].Status);
            Assert.All(report.Entries.Values, e => Assert.Contains("recommender", e.Tags));

            // A flag switched off in PostgreSQL (by another instance, say) turns the model off here.
            await new PostgresFeatureFlagProvider(DataSource, options).SetFlagAsync(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false), Token);
            await WaitUntilAsync(
                async () => (await recommender.RankAsync("u0-1", ["p0-1", "p0-2"], cancellationToken: Token)).FallbackReason == FallbackReason.Flag,
                TimeSpan.FromSeconds(30),
                "the engine to read the flag from PostgreSQL");
        }
        finally
        {
            await host.StopAsync(Token);
        }
    }

    [Fact]
    public async Task RecommenderHealthCheck_DatabaseDown_IsDegraded_ThePostgresCheckUnhealthy()
    {
        await using var down = DownDataSource();
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender().UsePostgres(down, o => o.HealthCheckTimeout = TimeSpan.FromSeconds(2));
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var recommender = report.Entries["recommender"];
        Assert.Equal(HealthStatus.Degraded, recommender.Status); // the heuristic still answers
        Assert.NotEqual("ok", recommender.Data["dataSource"]);
        Assert.DoesNotContain(DownPassword, recommender.Description);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[PostgresRecommenderDefaults.HealthCheckName].Status);
    }

    [Fact]
    public async Task WithoutHealthChecks_CalledBeforeUsePostgres_RemovesThePostgresCheckToo()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender().WithoutHealthChecks().UsePostgres(DataSource);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        Assert.Empty(report.Entries);
    }

    [Fact]
    public void PostgresCheck_IsTaggedDatabase_NotLiveOrReady()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender().UsePostgres(DataSource);
        using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        var postgres = Assert.Single(registrations, r => r.Name == PostgresRecommenderDefaults.HealthCheckName);
        Assert.Equal(["database", "recommender"], postgres.Tags.Order(StringComparer.Ordinal));
    }

}
