using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

/// <summary>
/// POST /api/v1/engagements without a database: applied through the SDK at once (the post leaves the user's
/// recommendations, their counts include it), unknown posts and users counted, malformed ones a 400 naming the field.
/// </summary>
public sealed class EngagementEndpointsTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Fact]
    public async Task OneLike_IsApplied_ThePostLeavesTheUsersRecommendations_AndTheirFeaturesCountIt()
    {
        var top = await TopAsync("u03");
        var likes = await LikesAsync("u03");

        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/engagements", $$"""{"userId":"u03","postId":"{{top}}","kind":"like"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["received"]!.GetValue<int>());
        Assert.Equal(1, body["applied"]!.GetValue<int>());
        Assert.Equal(0, body["unknownPosts"]!.GetValue<int>());
        Assert.False(body["stored"]!.GetValue<bool>()); // no --postgres
        Assert.Equal(likes + 1, await LikesAsync("u03"));
        Assert.NotEqual(top, await TopAsync("u03"));
    }

    [Fact]
    public async Task Batch_WithUnknownPostAndUser_IsAppliedAsFarAsItCan_AndCountsThem()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/engagements", """
            {"engagements":[
              {"userId":"u04","postId":"p002","kind":"View"},
              {"userId":"u04","postId":"no-such-post","kind":"like","timestamp":"2026-01-01T00:00:00Z"},
              {"userId":"no-such-user","postId":"p003","kind":"share"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body!["received"]!.GetValue<int>());
        Assert.Equal(3, body["applied"]!.GetValue<int>());
        Assert.Equal(1, body["unknownPosts"]!.GetValue<int>());
        Assert.Equal(1, body["unknownUsers"]!.GetValue<int>());
        var (_, features, _) = await api.Client.ApiGetAsync("/api/v1/features/user/no-such-user");
        Assert.Equal(1, features!["countsByKind"]!["share"]!.GetValue<int>()); // a new user's engagement counts too
    }

    [Fact]
    public async Task TimestampBeyondTheClockSkew_IsIgnored_AndCounted()
    {
        var likes = await LikesAsync("u05");
        var future = DateTimeOffset.UtcNow.AddDays(30).ToString("O");

        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/engagements", $$"""{"userId":"u05","postId":"p004","kind":"like","timestamp":"{{future}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body!["applied"]!.GetValue<int>());
        Assert.Equal(1, body["ignored"]!.GetValue<int>());
        Assert.Equal(likes, await LikesAsync("u05"));
    }

    [Theory]
    [InlineData("""{"postId":"p001","kind":"like"}""", "userId")]
    [InlineData("""{"userId":"u01","postId":" ","kind":"like"}""", "postId")]
    [InlineData("""{"userId":"u01","postId":"p001"}""", "kind")]
    [InlineData("""{"userId":"u01","postId":"p001","kind":"love"}""", "kind")]
    [InlineData("""{"userId":"u01","postId":"p001","kind":"3"}""", "kind")]
    [InlineData("""{"userId":"u01","postId":"p001","kind":"like","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"userId":"u01","postId":"p001","kind":"like","engagements":[{"userId":"u01","postId":"p001","kind":"like"}]}""", "engagements")]
    [InlineData("""{"engagements":[]}""", "engagements")]
    [InlineData("""{"engagements":[{"userId":"u01","postId":"p001","kind":"like"},{"userId":"u01","postId":"p001","kind":"lik"}]}""", "engagements[1].kind")]
    [InlineData("""{"engagements":[{"userId":"","postId":"p001","kind":"like"}]}""", "engagements[0].userId")]
    [InlineData("""{"engagements":[null]}""", "engagements[0]")]
    [InlineData("""{"userId":"u01","postId":"p001","kind":"like","weight":2}""", "weight")]
    public async Task Malformed_Is400ProblemDetails_NamingTheField(string json, string field)
    {
        var (status, problem, response) = await api.Client.ApiPostAsync("/api/v1/engagements", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(response.IsProblemJson());
        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Fact]
    public async Task MalformedBatch_AppliesNothing()
    {
        var likes = await LikesAsync("u06");

        var (status, _, _) = await api.Client.ApiPostAsync("/api/v1/engagements", """{"engagements":[{"userId":"u06","postId":"p001","kind":"like"},{"userId":"u06","postId":"p002","kind":"nope"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(likes, await LikesAsync("u06"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheRoute_OneEngagementOrABatch()
    {
        var (_, document, _) = await api.Client.ApiGetAsync("/openapi/v1.json");
        var operation = document!["paths"]!["/api/v1/engagements"]!["post"]!;
        var reference = operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        var schema = document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!;

        var branches = schema["oneOf"]!.AsArray().Select(b => b!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order().ToArray()).ToArray();
        Assert.Equal([["kind", "postId", "userId"], ["engagements"]], branches);
        Assert.NotNull(operation["responses"]!["200"]);
        Assert.NotNull(operation["responses"]!["400"]);
    }

    private async Task<string> TopAsync(string user)
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/recommend", $$"""{"userId":"{{user}}","count":5}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model", body.String("source"));
        return body!["items"]![0].String("postId")!;
    }

    private async Task<int> LikesAsync(string user)
    {
        var (_, body, _) = await api.Client.ApiGetAsync($"/api/v1/features/user/{user}");
        return body!["countsByKind"]!["like"]!.GetValue<int>();
    }
}
