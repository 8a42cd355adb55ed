using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving;

/// <summary>
/// Without DI, an engine built over a source of options (<c>new RecommenderEngine(() => current, ...)</c>) applies a
/// new instance from the next request; an invalid one is ignored.
/// </summary>
public sealed class RecommenderEngineOptionsReloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewOptionsInstance_AppliesToTheNextRequest_InvalidOnesAreIgnored()
    {
        var current = new RecommenderOptions();
        current.Serving.MaxCount = 50;
        var time = new FakeTimeProvider(ServingWorld.Now);
        var source = ServingWorld.NewData();
        var registry = new ModelRegistry(new InMemoryModelStore(), null, time);
        await using var registryScope = registry;
        var training = new TrainingPipeline(() => current, source, registry, null, time);
        await using var engine = new RecommenderEngine(() => current, source, registry, training, null, time, null, null);
        await engine.InitializeAsync(Token);
        await engine.RecommendAsync("u", 40, cancellationToken: Token);

        var smaller = new RecommenderOptions();
        smaller.Serving.MaxCount = 30;
        current = smaller;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.RecommendAsync("u", 40, cancellationToken: Token));
        Assert.Same(smaller, engine.Options);

        var invalid = new RecommenderOptions();
        invalid.Serving.MaxCount = 0;
        current = invalid;
        var answer = await engine.RecommendAsync("u", 20, cancellationToken: Token);
        Assert.Same(smaller, engine.Options); // the last valid options stay
        Assert.Equal(RecommendationSource.Fallback, answer.Source);
    }
}
