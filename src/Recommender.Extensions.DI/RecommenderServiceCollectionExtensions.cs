using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Recommender in a service collection.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers Recommender's services with in-memory defaults (model store, feature flags). Every registration
    /// uses TryAdd, so calling this twice is harmless and services registered before it win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IRecommenderBuilder AddRecommender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IModelStore, InMemoryModelStore>();
        services.TryAddSingleton<IFeatureFlagProvider, InMemoryFeatureFlagProvider>();
        return new RecommenderBuilder(services);
    }
}
