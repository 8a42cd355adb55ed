using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

public sealed class HealthCheckTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoModelYet_IsDegraded_AndSaysTheHeuristicAnswers()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);
        await host.StartAsync();

        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("No model serves yet", entry.Description);
        Assert.Equal("fallback", entry.Data["serving"]);
        Assert.Equal("no_model", entry.Data["fallbackReason"]);
        Assert.Equal("ok", entry.Data["dataSource"]);
        Assert.Equal(string.Empty, entry.Data["activeVersions"]);
        Assert.Contains(RecommenderHostingDefaults.HealthCheckTag, entry.Tags);
    }

    [Fact]
    public async Task Registration_IsTaggedLiveAndReady_SoAReadinessProbeKeepsAnUntrainedInstanceInRotation()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);
        await host.StartAsync();
        var service = host.Services.GetRequiredService<HealthCheckService>();

        // The documented mapping: MapHealthChecks("/health/ready", new() { Predicate = r => r.Tags.Contains("ready") }).
        var ready = await service.CheckHealthAsync(r => r.Tags.Contains(RecommenderHealthChecks.ReadyTag), Token);
        var live = await service.CheckHealthAsync(r => r.Tags.Contains(RecommenderHealthChecks.LiveTag), Token);

        Assert.Equal([RecommenderHealthChecks.Name], ready.Entries.Keys);
        Assert.Equal([RecommenderHealthChecks.Name], live.Entries.Keys);
        Assert.Equal(HealthStatus.Degraded, ready.Status); // ASP.NET Core answers 200 for Degraded
        Assert.Equal(["live", "ready", "recommender"], ready.Entries[RecommenderHealthChecks.Name].Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MlFlagOff_WithAModel_IsDegraded_NamingTheFlag()
    {
        var flags = new InMemoryFeatureFlagProvider();
        await using var host = await TrainedHostAsync(TimeSpan.FromHours(1), s => s.AddSingleton<IFeatureFlagProvider>(flags));
        Assert.Equal(HealthStatus.Healthy, (await host.CheckHealthAsync()).Status);

        flags.Set(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false));
        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains(FeatureFlagNames.MlRecommendations, entry.Description);
        Assert.Equal("flag", entry.Data["fallbackReason"]);
        Assert.Equal(0, entry.Data["mlRolloutPercentage"]);
    }

    [Fact]
    public async Task MlFlagPartlyRolledOut_WithAModel_IsHealthy()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, true, 20));
        await using var host = await TrainedHostAsync(TimeSpan.FromHours(1), s => s.AddSingleton<IFeatureFlagProvider>(flags));

        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("model", entry.Data["serving"]);
        Assert.Equal(20, entry.Data["mlRolloutPercentage"]);
    }

    [Fact]
    public async Task NoDataSourceRegistered_RecommenderCannotAnswer_IsUnhealthy()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        var entry = report.Entries[RecommenderHealthChecks.Name];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("cannot answer", entry.Description);
        Assert.Equal("none", entry.Data["serving"]);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task WithoutHealthChecks_RegistersNone()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender().WithoutHealthChecks().UseInMemoryData(new Recommender.Data.InMemoryDataSource());
        services.AddHealthChecks().AddCheck("host", () => HealthCheckResult.Healthy());
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token);

        Assert.Equal(["host"], report.Entries.Keys);
    }

    [Fact]
    public async Task FreshModel_IsHealthy_WithVersionAgeAndLastTraining()
    {
        await using var host = await TrainedHostAsync(maxModelAge: TimeSpan.FromHours(1));
        host.Time.Advance(TimeSpan.FromMinutes(59));

        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        var version = host.Engine.GetStatus().ActiveVersions[ModelVariants.Default];
        Assert.Equal(version, entry.Data["modelVersion"]);
        Assert.Equal($"default={version}", entry.Data["activeVersions"]);
        Assert.Equal(59 * 60.0, (double)entry.Data["modelAgeSeconds"]);
        Assert.Equal(3600.0, (double)entry.Data["maxModelAgeSeconds"]);
        Assert.Equal(nameof(TrainingOutcome.Activated), entry.Data["lastTrainingOutcome"]);
        Assert.Equal(false, entry.Data["trainingInProgress"]);
    }

    [Fact]
    public async Task ModelOlderThanMaxModelAge_IsDegraded()
    {
        await using var host = await TrainedHostAsync(maxModelAge: TimeSpan.FromHours(1));

        host.Time.Advance(TimeSpan.FromMinutes(61));
        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("Training:MaxModelAge", entry.Description);
        Assert.Equal(61 * 60.0, (double)entry.Data["modelAgeSeconds"]);
    }

    [Fact]
    public async Task LastTrainingFailed_ButAModelServes_IsDegraded()
    {
        await using var host = await TrainedHostAsync(maxModelAge: TimeSpan.FromHours(1));
        host.Source.FailTrainingReads = true;

        var failed = await host.Engine.Training.TrainAsync(Token);
        var entry = await host.CheckHealthAsync();

        Assert.Equal(TrainingOutcome.Failed, failed.Outcome);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("The last training failed", entry.Description);
        Assert.Equal(nameof(TrainingOutcome.Failed), entry.Data["lastTrainingOutcome"]);
        Assert.Contains("failed on purpose", (string)entry.Data["lastTrainingError"]);
    }

    [Fact]
    public async Task DataSourceThrows_IsDegraded_TheModelStillAnswersWhatItKnows()
    {
        await using var host = await TrainedHostAsync(maxModelAge: TimeSpan.FromHours(1));
        host.Source.Probe = ProbeBehaviour.Throw;

        var entry = await host.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("error", entry.Data["dataSource"]);
        Assert.Contains("The test database is down", entry.Description);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task DataSourceHangs_IsDegradedAfterTheProbeTimeout_OnTheContainersClock()
    {
        await using var host = await TrainedHostAsync(maxModelAge: TimeSpan.FromHours(1));
        host.Source.Probe = ProbeBehaviour.HangIgnoringCancellation;

        var started = TimeProvider.System.GetTimestamp();
        var check = host.CheckHealthAsync();
        await Task.Delay(100, Token);
        Assert.False(check.IsCompleted); // waits for the (fake) clock
        while (!check.IsCompleted)
        {
            host.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(check, Task.Delay(20, Token));
        }

        var entry = await check;
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(1.5)); // not the real clock's 2 s
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("timeout", entry.Data["dataSource"]);
        Assert.Contains("2.0 s", entry.Description);
    }

    private static async Task<TestHost> TrainedHostAsync(TimeSpan maxModelAge, Action<IServiceCollection>? services = null)
    {
        var host = TestHost.Create(
            o =>
            {
                o.Training.Schedule = string.Empty; // advancing the clock must not retrain
                o.Training.MaxModelAge = maxModelAge;
            },
            services: services);
        await host.StartAsync();
        Assert.Equal(TrainingOutcome.Activated, (await host.NextRunAsync()).Outcome);
        return host;
    }
}
