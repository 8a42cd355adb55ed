using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class OperationsEndpointsTests
{
    [Fact]
    public async Task Health_BeforeAndAfterTraining_ReportsTheChecksAsJson_AndIsHealthyOnceAModelServes()
    {
        await using var factory = new WebApiFactory();
        using var client = await factory.StartAsync();

        var (beforeStatus, before, beforeResponse) = await client.ApiGetAsync("/api/v1/health");
        await client.TrainAsync();
        var (afterStatus, after, _) = await client.ApiGetAsync("/api/v1/health");

        Assert.Equal("application/json", beforeResponse.Content.Headers.ContentType?.MediaType);
        var beforeHealth = before.String("status");
        Assert.Contains(beforeHealth, new[] { "healthy", "degraded", "unhealthy" });
        Assert.Equal(beforeHealth == "unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, beforeStatus);
        Assert.NotNull(before!["checks"]!.AsArray());
        if (before["checks"]!.AsArray().FirstOrDefault(c => c.String("name") == "recommender") is { } sdkBefore)
        {
            Assert.NotEqual("healthy", sdkBefore.String("status")); // no model serves yet
        }

        Assert.Equal(HttpStatusCode.OK, afterStatus);
        Assert.Equal("healthy", after.String("status"));
        Assert.All(after!["checks"]!.AsArray(), c => Assert.Equal("healthy", c.String("status")));
    }

    [Fact]
    public async Task OpenApi_DocumentIsServed_AndListsEveryRoute()
    {
        await using var factory = new WebApiFactory();
        using var client = factory.CreateClient();

        var (status, document, _) = await client.ApiGetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("3.", document.String("openapi"), StringComparison.Ordinal);
        var paths = document!["paths"]!.AsObject();
        string[] expected =
        [
            "/api/v1/train", "/api/v1/retrain", "/api/v1/model/status", "/api/v1/model/evaluate",
            "/api/v1/rank", "/api/v1/recommend",
            "/api/v1/features/user/{userId}", "/api/v1/features/post/{postId}", "/api/v1/features/interaction/{userId}/{postId}",
            "/api/v1/health", "/ml/status", "/ml/train", "/ml/predict", "/ml/recommend",
        ];
        Assert.All(expected, path => Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document"));
        Assert.NotNull(paths["/api/v1/rank"]!["post"]!["requestBody"]);
        Assert.NotNull(paths["/api/v1/rank"]!["post"]!["responses"]!["400"]);
        Assert.NotNull(paths["/api/v1/train"]!["post"]!["responses"]!["202"]);
        Assert.NotNull(document["components"]!["schemas"]!["RecommendationResponse"]);
    }
}
