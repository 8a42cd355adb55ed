namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddRecommender</c> for chaining further configuration (data source, PostgreSQL...).</summary>
public interface IRecommenderBuilder
{
    /// <summary>The service collection Recommender is registered in.</summary>
    IServiceCollection Services { get; }
}
