using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

/// <summary>
/// Serving, ranking and flag options change at run time through the configuration (an in-memory source, then
/// <see cref="IConfigurationRoot.Reload"/>) and apply to the next request, with the same engine instance.
/// </summary>
public sealed class OptionsReloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServingLimit_ChangedInConfiguration_AppliesToTheNextRequest_SameEngine()
    {
        await using var host = await TrainedAsync(new() { ["Recommender:Serving:MaxCandidates"] = "100" });
        var engine = host.Engine;
        var candidates = TestFeed.AllPostIds().Take(5).ToList();
        await engine.RankAsync(TestFeed.UserId(0, 0), candidates, cancellationToken: Token);

        Reload(host, "Recommender:Serving:MaxCandidates", "3");

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await engine.RankAsync(TestFeed.UserId(0, 0), candidates, cancellationToken: Token));
        Assert.Contains("Serving:MaxCandidates (3)", ex.Message);
        Assert.Same(engine, host.Engine);
        Assert.Equal(3, engine.Options.Serving.MaxCandidates);
    }

    [Fact]
    public async Task FlagDefault_TurnedOffInConfiguration_TheNextRequestGetsTheFallback()
    {
        await using var host = await TrainedAsync([]);
        var candidates = TestFeed.AllPostIds().Take(5).ToList();
        Assert.Equal(RecommendationSource.Model, (await host.Engine.RankAsync(TestFeed.UserId(1, 2), candidates, cancellationToken: Token)).Source);

        Reload(host, "Recommender:Serving:DefaultFlags:mlRecommendations", "0");

        var after = await host.Engine.RankAsync(TestFeed.UserId(1, 2), candidates, cancellationToken: Token);
        Assert.Equal(RecommendationSource.Fallback, after.Source);
        Assert.Equal(FallbackReason.Flag, after.FallbackReason);
    }

    [Fact]
    public async Task RankingOption_ChangedInConfiguration_TheLoadedModelRanksWithIt()
    {
        await using var host = await TrainedAsync(new() { ["Recommender:Ranking:ExplainTop"] = "10" });
        var candidates = TestFeed.AllPostIds().Take(12).ToList();
        var before = await host.Engine.RankAsync(TestFeed.UserId(2, 1), candidates, cancellationToken: Token);
        Assert.Contains(before.Items, i => i.Reasons.Count > 0);
        var version = before.ModelVersion;

        Reload(host, "Recommender:Ranking:ExplainTop", "0");

        var after = await host.Engine.RankAsync(TestFeed.UserId(2, 1), candidates, cancellationToken: Token);
        Assert.Equal(RecommendationSource.Model, after.Source);
        Assert.Equal(version, after.ModelVersion); // the same model, no retraining
        Assert.All(after.Items, i => Assert.Empty(i.Reasons));
    }

    [Fact]
    public async Task InvalidReload_KeepsThePreviousServingOptions()
    {
        await using var host = await TrainedAsync(new() { ["Recommender:Serving:MaxCandidates"] = "100" });

        Reload(host, "Recommender:Serving:MaxCandidates", "-1");

        Assert.Equal(100, host.Engine.Options.Serving.MaxCandidates);
        var result = await host.Engine.RankAsync(TestFeed.UserId(0, 1), TestFeed.AllPostIds().Take(50).ToList(), cancellationToken: Token); // 50 <= 100: accepted
        Assert.Equal(RecommendationSource.Model, result.Source);
    }

    /// <summary>A started host with a trained model; answers are not cached, so that each request ranks anew.</summary>
    private static async Task<TestHost> TrainedAsync(Dictionary<string, string?> configuration)
    {
        configuration["Recommender:Serving:CacheDuration"] = "00:00:00";
        configuration["Recommender:Training:Schedule"] = string.Empty;
        var host = TestHost.Create(configuration: configuration);
        await host.StartAsync();
        Assert.Equal(TrainingOutcome.Activated, (await host.NextRunAsync()).Outcome);
        return host;
    }

    private static void Reload(TestHost host, string key, string value)
    {
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        root[key] = value;
        try
        {
            root.Reload();
        }
        catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or AggregateException)
        {
            // An invalid reload: the options monitor refuses it (thrown to whoever reloads); the engine keeps the last valid options.
        }
    }
}
