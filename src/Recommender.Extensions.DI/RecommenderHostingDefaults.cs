namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Names and limits of what <c>AddRecommender</c> adds to a host: the health check and its data-source probe.</summary>
internal static class RecommenderHostingDefaults
{
    /// <summary>The name of the health check <c>AddRecommender</c> registers: "recommender".</summary>
    public const string HealthCheckName = RecommenderHealthChecks.Name;

    /// <summary>The tag of Recommender's health checks (also on the PostgreSQL one): "recommender".</summary>
    public const string HealthCheckTag = RecommenderHealthChecks.Tag;

    /// <summary>
    /// How long the health check waits for the data source to answer its probe (a lookup of one post id that does not
    /// exist) before reporting it unreachable: 2 seconds, measured on the container's <see cref="TimeProvider"/>.
    /// </summary>
    public static readonly TimeSpan DataSourceProbeTimeout = TimeSpan.FromSeconds(2);
}
