using Microsoft.Extensions.DependencyInjection;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

public sealed class AddRecommenderTests
{
    [Fact]
    public void AddRecommender_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddRecommender();
        services.AddRecommender();

        Assert.Single(services, d => d.ServiceType == typeof(IModelStore));
        Assert.Single(services, d => d.ServiceType == typeof(IFeatureFlagProvider));
    }

    [Fact]
    public void AddRecommender_HostRegisteredStoreFirst_KeepsTheHostsStore()
    {
        var services = new ServiceCollection();
        var store = new InMemoryModelStore();
        services.AddSingleton<IModelStore>(store);

        var builder = services.AddRecommender();

        Assert.Same(services, builder.Services);
        using var provider = services.BuildServiceProvider();
        Assert.Same(store, provider.GetRequiredService<IModelStore>());
    }
}
