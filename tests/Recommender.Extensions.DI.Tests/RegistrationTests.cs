using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

public sealed class RegistrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddRecommenderTwice_OneEngine_OneHostedService_OneHealthCheck_AndTheHostsOwnStoreAndFlagsKept()
    {
        var store = new InMemoryModelStore();
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false));
        IServiceCollection? collection = null;
        await using var host = TestHost.Create(services: s =>
        {
            collection = s;
            s.AddSingleton<IModelStore>(store);
            s.AddSingleton<IFeatureFlagProvider>(flags);
            s.AddRecommender();
        });

        Assert.Single(collection!, d => d.ServiceType == typeof(RecommenderEngine));
        Assert.Single(collection!, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RecommenderHostedService));
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<RecommenderHostedService>());
        Assert.Single(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == RecommenderHostingDefaults.HealthCheckName);
        Assert.Same(host.Engine, host.Services.GetRequiredService<IRecommender>());
        Assert.Same(host.Engine.Training, host.Services.GetRequiredService<TrainingPipeline>());
        Assert.Same(host.Engine.Registry, host.Services.GetRequiredService<ModelRegistry>());
        Assert.Same(store, host.Engine.Registry.Store);
        var answer = await host.Engine.RankAsync(TestFeed.UserId(0, 0), ["p0-1"], cancellationToken: Token);
        Assert.Equal(FallbackReason.Flag, answer.FallbackReason); // the host's flag provider answered
    }

    [Fact]
    public async Task TrainingPipeline_IsRegisteredBesideTheEngine_AndAHostsOwnIsTheOneTheEngineUses()
    {
        TrainingPipeline? mine = null;
        await using var host = TestHost.Create(services: s => s.AddSingleton(sp => mine = new TrainingPipeline(
            new RecommenderOptions(), sp.GetRequiredService<Recommender.Data.IRecommenderDataSource>(), sp.GetRequiredService<ModelRegistry>())));

        var training = host.Services.GetRequiredService<TrainingPipeline>();

        Assert.NotNull(mine);
        Assert.Same(mine, training);
        Assert.Same(mine, host.Engine.Training);
        Assert.Same(host.Engine.Registry, training.Registry);
    }

    [Fact]
    public async Task HostRegisteredItsOwnRecommenderHealthCheck_ItIsKept()
    {
        await using var host = TestHost.Create(services: s => s.AddHealthChecks().AddCheck("recommender", () => HealthCheckResult.Healthy("the host's own")));

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Single(registrations, r => r.Name == RecommenderHostingDefaults.HealthCheckName);
        Assert.Equal("the host's own", (await host.CheckHealthAsync()).Description);
    }

    [Fact]
    public async Task Engine_TakesTheContainersClockLoggerFactoryAndMeterFactory()
    {
        await using var host = TestHost.Create();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        using var runs = new MetricCollector<long>(meterFactory, RecommenderTelemetry.Name, RecommenderTelemetry.TrainingRuns);
        host.Time.Advance(TimeSpan.FromMinutes(7));

        await host.StartAsync();
        var run = await host.NextRunAsync();

        Assert.Equal(TestFeed.Now.AddMinutes(7), run.StartedAt); // the fake clock
        Assert.Equal(TestFeed.Now.AddMinutes(7), host.Engine.GetStatus().ModelTrainedAt);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Category == "Recommender.Training" && r.Id.Id == 4010); // Core's "training started"
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Category == "Recommender.Hosting" && r.Id.Id == 7001);
        Assert.Single(runs.GetMeasurementSnapshot()); // the meter came from the container's factory
    }

    [Fact]
    public async Task NoDataSource_StartFailsSayingHowToRegisterOne()
    {
        var services = new ServiceCollection();
        services.AddRecommender();
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IRecommender>());

        Assert.Contains("UseInMemoryData", ex.Message);
    }
}
