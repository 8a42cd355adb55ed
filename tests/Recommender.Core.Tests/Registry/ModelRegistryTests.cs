using Recommender.Core.Tests.Serving;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Registry;

public class ModelRegistryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_IsNewestFirst_WithStatusAndActiveVariant()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.PublishAsync(await ServingWorld.ModelB, "v2", activate: false);
        await t.PublishAsync(await ServingWorld.ModelA, "v3", activate: false);

        var versions = await t.Engine.Registry.ListAsync(Token);

        Assert.Equal(["v3", "v2", "v1"], versions.Select(v => v.Version));
        Assert.Equal([false, false, true], versions.Select(v => v.IsActive));
        Assert.Equal(ModelVariants.Default, versions[2].Variant);
        Assert.All(versions, v => Assert.Equal(ModelStatus.Ready, v.Status));
        Assert.All(versions, v => Assert.Equal(64, v.Checksum!.Length));
        Assert.All(versions, v => Assert.True(v.SizeBytes > 0));
    }

    [Fact]
    public async Task Activate_SwapsWhatServes_AndRetiresThePrevious()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.PublishAsync(await ServingWorld.ModelB, "v2");

        var versions = await t.Engine.Registry.ListAsync(Token);

        Assert.Equal("v2", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
        Assert.Equal(ModelStatus.Retired, versions.Single(v => v.Version == "v1").Status);
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await t.Engine.Registry.ActivateAsync("nope", cancellationToken: Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.Registry.ActivateAsync("", cancellationToken: Token));
        Assert.Equal("v2", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task Rollback_GoesToThePreviousVersion_ThenNoFurther()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.PublishAsync(await ServingWorld.ModelB, "v2");
        await t.PublishAsync(await ServingWorld.ModelA, "v3");

        var first = await t.Engine.Registry.RollbackAsync(cancellationToken: Token);
        var servingAfterFirst = (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion;
        var second = await t.Engine.Registry.RollbackAsync(cancellationToken: Token);
        var third = await t.Engine.Registry.RollbackAsync(cancellationToken: Token);

        Assert.Equal("v2", first!.Version);
        Assert.Equal("v2", servingAfterFirst);
        Assert.Equal("v1", second!.Version);
        Assert.Null(third);
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
        Assert.Null(await t.Engine.Registry.RollbackAsync("no-such-variant", Token));
    }

    [Fact]
    public async Task Rollback_SkipsDeletedVersions()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.PublishAsync(await ServingWorld.ModelB, "v2");
        await t.PublishAsync(await ServingWorld.ModelA, "v3");
        Assert.True(await t.Engine.Registry.DeleteAsync("v2", Token));

        var rolledBack = await t.Engine.Registry.RollbackAsync(cancellationToken: Token);

        Assert.Equal("v1", rolledBack!.Version);
    }

    [Fact]
    public async Task Prune_KeepsTheNewestInactiveVersions_AndTheActiveOne()
    {
        await using var t = await ServingWorld.StartAsync();
        foreach (var v in new[] { "v2", "v3", "v4", "v5" })
        {
            await t.PublishAsync(await ServingWorld.ModelA, v, activate: false);
        }

        await t.Engine.Registry.ActivateAsync("v3", cancellationToken: Token);

        var deleted = await t.Engine.Registry.PruneAsync(2, Token);

        Assert.Equal(2, deleted);
        Assert.Equal(["v5", "v4", "v3"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
        Assert.Equal(0, await t.Engine.Registry.PruneAsync(2, Token));
        Assert.Equal(2, await t.Engine.Registry.PruneAsync(0, Token));
        Assert.Equal(["v3"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await t.Engine.Registry.PruneAsync(-1, Token));
    }

    [Fact]
    public async Task Delete_ActiveVersion_IsRefused_MissingVersion_IsFalse()
    {
        await using var t = await ServingWorld.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await t.Engine.Registry.DeleteAsync("v1", Token));
        Assert.False(await t.Engine.Registry.DeleteAsync("nope", Token));
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task CorruptArtefact_PreviousModelKeepsServing_AndLastLoadErrorIsSet()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Store.Corrupt.Add("v2");
        await t.PublishAsync(await ServingWorld.ModelB, "v2");

        var result = await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);

        Assert.Equal("v1", result.ModelVersion);
        Assert.Contains("'v2'", t.Engine.Registry.LastLoadError, StringComparison.Ordinal);
        Assert.Equal(t.Engine.Registry.LastLoadError, t.Engine.GetStatus().LastLoadError);
        Assert.Equal("v1", t.Engine.GetStatus().ActiveVersions[ModelVariants.Default]);

        // A good version later clears the error.
        await t.PublishAsync(await ServingWorld.ModelB, "v3");
        Assert.Null(t.Engine.Registry.LastLoadError);
        Assert.Equal("v3", (await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task CorruptArtefact_WithNothingServing_HeuristicAnswers()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        t.Store.Corrupt.Add("v1");
        await t.PublishAsync(await ServingWorld.ModelA, "v1");

        var result = await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);

        RecommenderEngineFallbackTests.AssertFallback(result, FallbackReason.NoModel);
        Assert.NotNull(t.Engine.GetStatus().LastLoadError);
    }

    [Fact]
    public async Task FailingStore_AtStart_EngineStartsAndTheHeuristicAnswers()
    {
        var store = new DelegatingModelStore { FailEverything = new IOException("store unreachable") };
        await using var engine = new RecommenderEngine(null, ServingWorld.NewData(), store, timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ServingWorld.Now));

        await engine.InitializeAsync(Token);
        var result = await engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);

        RecommenderEngineFallbackTests.AssertFallback(result, FallbackReason.NoModel);
        Assert.Equal(10, result.Items.Count);
    }

    [Fact]
    public async Task FailingStore_WhileServing_KeepsTheLoadedModel_AndTellsTheCaller()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Store.FailEverything = new IOException("store unreachable");

        await Assert.ThrowsAsync<IOException>(async () => await t.Engine.Registry.ActivateAsync("v1", cancellationToken: Token));
        await Assert.ThrowsAsync<IOException>(async () => await t.Engine.Registry.RefreshAsync(Token));
        await Assert.ThrowsAsync<IOException>(async () => await t.Engine.Registry.RollbackAsync(cancellationToken: Token));
        var result = await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);

        Assert.Equal("v1", result.ModelVersion);
        Assert.Equal(RecommendationSource.Model, result.Source);
    }

    [Fact]
    public async Task ActivationByAnotherInstance_IsFollowed()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.PublishAsync(await ServingWorld.ModelB, "v2", activate: false);
        await using var other = new ModelRegistry(t.Store);

        await other.ActivateAsync("v2", cancellationToken: Token);

        // The engine's registry hears the store's change event and reloads in the background.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? version;
        do
        {
            version = (await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token)).ModelVersion;
            if (version == "v2")
            {
                break;
            }

            await Task.Delay(20, Token);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("v2", version);
    }
}
