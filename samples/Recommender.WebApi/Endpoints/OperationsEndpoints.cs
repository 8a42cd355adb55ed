using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recommender.WebApi.Contracts;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// Operations: GET /api/v1/health runs the health checks the SDK registered ("recommender"; "recommender-postgres"
/// with PostgreSQL) and writes them as JSON: 200 when healthy or degraded, 503 when unhealthy.
/// </summary>
internal static class OperationsEndpoints
{
    public const string HealthPath = "/api/v1/health";

    public const string HealthSummary = "The SDK's health checks: the serving model (and its age), the database when PostgreSQL is used.";

    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteAsync })
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary(HealthSummary);
        return routes;
    }

    internal static HealthResponse ToResponse(HealthReport report) => new(
        JsonNames.Of(report.Status),
        report.TotalDuration.TotalMilliseconds,
        [.. report.Entries.Select(e => new HealthCheckView(
            e.Key,
            JsonNames.Of(e.Value.Status),
            e.Value.Description,
            e.Value.Duration.TotalMilliseconds,
            [.. e.Value.Tags],
            e.Value.Data.ToDictionary(d => d.Key, d => Convert.ToString(d.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal),
            e.Value.Exception?.Message))]);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, ToResponse(report), WebApiJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}
