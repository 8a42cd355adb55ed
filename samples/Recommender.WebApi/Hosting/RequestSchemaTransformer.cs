using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Recommender.WebApi.Contracts;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// Makes the OpenAPI document say what the validator accepts. The generator lists a contract's fields without a
/// default as required; on top of that: a required field takes a value, never null (the validator refuses null and
/// empty values), POST /api/v1/rank takes exactly one of <c>candidateIds</c> and <c>candidates</c> (oneOf), and
/// POST /api/v1/engagements either one engagement (<c>userId</c>, <c>postId</c>, <c>kind</c>) or <c>engagements</c>.
/// OpenApiDocumentTests holds the document to requests that must pass and must fail.
/// </summary>
internal sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(RankApiRequest))
        {
            schema.OneOf =
            [
                new OpenApiSchema { Required = new HashSet<string>(StringComparer.Ordinal) { "candidateIds" } },
                new OpenApiSchema { Required = new HashSet<string>(StringComparer.Ordinal) { "candidates" } },
            ];
        }

        if (context.JsonTypeInfo.Type == typeof(EngagementsApiRequest))
        {
            schema.OneOf =
            [
                new OpenApiSchema { Required = new HashSet<string>(StringComparer.Ordinal) { "userId", "postId", "kind" } },
                new OpenApiSchema { Required = new HashSet<string>(StringComparer.Ordinal) { "engagements" } },
            ];
        }

        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var name in required)
            {
                if (properties.TryGetValue(name, out var property) && property is OpenApiSchema { Type: { } type } field)
                {
                    field.Type = type & ~JsonSchemaType.Null;
                }
            }
        }

        return Task.CompletedTask;
    }
}
