namespace Microsoft.Extensions.DependencyInjection;

internal sealed class RecommenderBuilder(IServiceCollection services) : IRecommenderBuilder
{
    public IServiceCollection Services { get; } = services;
}
