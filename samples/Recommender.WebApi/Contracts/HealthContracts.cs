namespace Recommender.WebApi.Contracts;

/// <summary>GET /api/v1/health: 200 when healthy or degraded, 503 when unhealthy.</summary>
/// <param name="Status">"healthy", "degraded" or "unhealthy": the worst of the checks.</param>
/// <param name="DurationMs">How long the checks took.</param>
/// <param name="Checks">Each check ("recommender"; "recommender-postgres" with PostgreSQL).</param>
public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthCheckView> Checks);

/// <summary>One health check.</summary>
public sealed record HealthCheckView(string Name, string Status, string? Description, double DurationMs, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string?> Data, string? Error);
