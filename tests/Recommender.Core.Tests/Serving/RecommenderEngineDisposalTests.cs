using Recommender.Data;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public sealed class RecommenderEngineDisposalTests
{
    [Fact]
    public async Task DisposeAsync_CalledTwice_SecondCallDoesNothing()
    {
        // A DI container (Microsoft.Extensions.DependencyInjection 10.0, as in ASP.NET Core 10) disposes the engine
        // once per registration that handed it out: RecommenderEngine and IRecommender.
        var engine = new RecommenderEngine(null, new InMemoryDataSource());

        await engine.DisposeAsync();
        var exception = await Record.ExceptionAsync(async () => await engine.DisposeAsync());

        Assert.Null(exception);
    }
}
