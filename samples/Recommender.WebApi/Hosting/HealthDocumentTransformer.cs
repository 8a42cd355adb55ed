using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Recommender.WebApi.Endpoints;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// Adds GET /api/v1/health to the OpenAPI document: health check endpoints (<c>MapHealthChecks</c>) are not route
/// handlers, so the generator does not see them.
/// </summary>
internal sealed class HealthDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        var response = new OpenApiResponse
        {
            Description = "A JSON health report: { status, durationMs, checks: [{ name, status, description, durationMs, tags, data, error }] }.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() },
        };
        document.Paths[OperationsEndpoints.HealthPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "Health",
                    Summary = OperationsEndpoints.HealthSummary,
                    Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
                    Responses = new OpenApiResponses
                    {
                        ["200"] = response,
                        ["503"] = new OpenApiResponse { Description = "Unhealthy; the same report.", Content = response.Content },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
