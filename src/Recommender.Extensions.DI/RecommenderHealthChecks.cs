namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Names and tags of the health checks Recommender registers, for a host's <c>MapHealthChecks</c> predicates:
/// <code>
/// app.MapHealthChecks("/health/live", new() { Predicate = r => r.Tags.Contains(RecommenderHealthChecks.LiveTag) });
/// app.MapHealthChecks("/health/ready", new() { Predicate = r => r.Tags.Contains(RecommenderHealthChecks.ReadyTag) });
/// </code>
/// The check "recommender" carries all three tags; Recommender.Postgres's "recommender-postgres" carries
/// <see cref="Tag"/> and "database" only (docs/hosting.md says why).
/// </summary>
public static class RecommenderHealthChecks
{
    /// <summary>The name of the check <c>AddRecommender</c> registers: "recommender".</summary>
    public const string Name = "recommender";

    /// <summary>The tag on every check Recommender registers: "recommender".</summary>
    public const string Tag = "recommender";

    /// <summary>"live": Unhealthy only when Recommender cannot answer at all (a restart may help).</summary>
    public const string LiveTag = "live";

    /// <summary>"ready": Healthy or Degraded whenever Recommender answers, the heuristic fallback included.</summary>
    public const string ReadyTag = "ready";
}
