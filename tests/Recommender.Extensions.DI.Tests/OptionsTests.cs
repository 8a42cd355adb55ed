using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Data;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Serving;

namespace Recommender.Extensions.DI.Tests;

public sealed class OptionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostStart_InvalidOptions_ThrowsNamingEachBadOption()
    {
        await using var host = Build(new Dictionary<string, string?>
        {
            ["Recommender:Collaborative:Factors"] = "0",
            ["Recommender:Serving:TimeBudget"] = "-00:00:01",
            ["Recommender:Training:Schedule"] = "not cron",
            ["Recommender:Training:TimeZone"] = "Mars/Olympus_Mons",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync(Token));

        Assert.Contains("Recommender:Collaborative:Factors", ex.Message);
        Assert.Contains("Recommender:Serving:TimeBudget", ex.Message);
        Assert.Contains("Recommender:Training:Schedule 'not cron'", ex.Message);
        Assert.Contains("Recommender:Training:TimeZone 'Mars/Olympus_Mons'", ex.Message);
    }

    [Theory]
    [InlineData("0 2 * *")] // 4 fields
    [InlineData("61 2 * * *")] // minute out of range
    [InlineData("0 2 * * * * *")] // 7 fields
    public async Task HostStart_CronThatDoesNotParse_Throws(string schedule)
    {
        await using var host = Build(new Dictionary<string, string?> { ["Recommender:Training:Schedule"] = schedule });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync(Token));

        Assert.Contains($"Recommender:Training:Schedule '{schedule}' is not a valid cron expression", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30 0 2 * * *")] // six fields: with seconds
    [InlineData("0 2 * * MON-FRI")]
    public async Task HostStart_ValidOrEmptySchedule_Starts(string schedule)
    {
        await using var host = Build(new Dictionary<string, string?> { ["Recommender:Training:Schedule"] = schedule }, o => o.Training.TrainOnStartWhenNoModel = false);

        await host.Host.StartAsync(Token);
        await host.Host.StopAsync(Token);
    }

    [Fact]
    public async Task Configuration_BindsNestedOptions_EnumKeyedWeights_AndFlagDefaults()
    {
        await using var host = Build(new Dictionary<string, string?>
        {
            ["Recommender:Weighting:KindWeights:Share"] = "7.5",
            ["Recommender:Weighting:KindWeights:Hide"] = "-3",
            ["Recommender:Weighting:HalfLife"] = "3.00:00:00",
            ["Recommender:Collaborative:Factors"] = "12",
            ["Recommender:Serving:TimeBudget"] = "00:00:02",
            ["Recommender:Serving:DefaultFlags:mlRecommendations"] = "0",
            ["Recommender:Serving:Variants:challenger"] = "20",
            ["Recommender:Training:Schedule"] = "*/5 * * * *",
            ["Recommender:Training:TimeZone"] = "Europe/Berlin",
            ["Recommender:Training:MaxModelAge"] = "1.00:00:00",
        });

        var options = host.Services.GetRequiredService<IOptions<RecommenderOptions>>().Value;

        Assert.Equal(7.5f, options.Weighting.KindWeights[EngagementKind.Share]);
        Assert.Equal(-3f, options.Weighting.KindWeights[EngagementKind.Hide]);
        Assert.Equal(new RecommenderOptions().Weighting.KindWeights[EngagementKind.Like], options.Weighting.KindWeights[EngagementKind.Like]); // defaults kept
        Assert.Equal(TimeSpan.FromDays(3), options.Weighting.HalfLife);
        Assert.Equal(12, options.Collaborative.Factors);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Serving.TimeBudget);
        Assert.Equal(0, options.Serving.DefaultFlags[FeatureFlagNames.MlRecommendations]);
        Assert.Equal(100, options.Serving.DefaultFlags[FeatureFlagNames.PersonalizedFeed]); // defaults kept
        Assert.Equal(20, options.Serving.Variants["challenger"]);
        Assert.Equal("*/5 * * * *", options.Training.Schedule);
        Assert.Equal("Europe/Berlin", options.Training.TimeZone);
        Assert.Equal(TimeSpan.FromDays(1), options.Training.MaxModelAge);
        Assert.Equal(12, host.Services.GetRequiredService<RecommenderEngine>().Options.Collaborative.Factors); // the engine uses them
    }

    [Fact]
    public async Task Configuration_FlagDefaultOff_TheEngineAnswersWithTheFallback()
    {
        await using var host = Build(new Dictionary<string, string?> { ["Recommender:Serving:DefaultFlags:mlRecommendations"] = "0" });

        var answer = await host.Services.GetRequiredService<IRecommender>().RankAsync("u0-0", ["p0-1", "p0-2"], cancellationToken: Token);

        Assert.Equal(FallbackReason.Flag, answer.FallbackReason);
    }

    [Fact]
    public async Task ConfigureAction_WinsOverConfiguration()
    {
        await using var host = Build(new Dictionary<string, string?> { ["Recommender:Collaborative:Factors"] = "12" }, o => o.Collaborative.Factors = 9);

        Assert.Equal(9, host.Services.GetRequiredService<IOptions<RecommenderOptions>>().Value.Collaborative.Factors);
    }

    [Fact]
    public void NoConfigurationInTheContainer_DefaultsApply()
    {
        var services = new ServiceCollection();
        services.AddRecommender().UseInMemoryData(TestFeed.Create());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<RecommenderOptions>>().CurrentValue;

        Assert.Equal(new RecommenderOptions().Collaborative.Factors, options.Collaborative.Factors);
        Assert.Equal("0 2 * * *", options.Training.Schedule);
    }

    private static TestHost Build(Dictionary<string, string?> configuration, Action<RecommenderOptions>? configure = null) =>
        TestHost.Create(configure, configuration);
}
