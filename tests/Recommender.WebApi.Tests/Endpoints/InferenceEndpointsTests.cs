using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class InferenceEndpointsTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Fact]
    public async Task Rank_KnownAndUnknownIds_RanksTheKnownBestFirst_AndListsTheUnknown()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/rank", """{"userId":"u03","candidateIds":["p010","p050","nope","p100","p200"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("u03", body.String("userId"));
        Assert.Equal("model", body.String("source"));
        Assert.Null(body!["fallbackReason"]);
        Assert.Equal(api.ModelVersion, body.String("modelVersion"));
        Assert.Equal("default", body.String("variant"));
        Assert.Equal(["nope"], body["unknownCandidates"]!.AsArray().Select(n => n!.GetValue<string>()));
        var items = body["items"]!.AsArray();
        Assert.Equal(["p010", "p050", "p100", "p200"], items.Select(i => i.String("postId")).Order(StringComparer.Ordinal));
        var scores = items.Select(i => i!["score"]!.GetValue<float>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(items, i => Assert.Contains(i.String("source"), new[] { "model", "coldStart" }));
        Assert.All(items, i => Assert.NotNull(i!["reasons"]!.AsArray()));
    }

    [Fact]
    public async Task Rank_DescribedCandidates_RanksPostsTheDataSourceDoesNotHave()
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var json = $$"""{"userId":"u04","candidates":[{"id":"draft-1","authorId":"u05","createdAt":"{{now}}","tags":["photography"],"text":"golden hour"},{"id":"draft-2","createdAt":"{{now}}"}]}""";

        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/rank", json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["draft-1", "draft-2"], body!["items"]!.AsArray().Select(i => i.String("postId")).Order(StringComparer.Ordinal));
        Assert.Empty(body["unknownCandidates"]!.AsArray());
    }

    [Fact]
    public async Task Rank_ExcludedPost_IsLeftOut()
    {
        var (_, body, _) = await api.Client.ApiPostAsync("/api/v1/rank", """{"userId":"u03","candidateIds":["p010","p050","p100"],"exclude":{"postIds":["p050"]}}""");

        Assert.Equal(["p010", "p100"], body!["items"]!.AsArray().Select(i => i.String("postId")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Recommend_Count_ReturnsThatManyDistinctPostsFromTheModel()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/recommend", """{"userId":"u06","count":7}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model", body.String("source"));
        var ids = body!["items"]!.AsArray().Select(i => i.String("postId")).ToList();
        Assert.Equal(7, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Recommend_NoCount_ReturnsTheDefaultCount()
    {
        var (_, body, _) = await api.Client.ApiPostAsync("/api/v1/recommend", """{"userId":"u07"}""");

        Assert.Equal(10, body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Recommend_UserTheModelDoesNotKnow_StillAnswersFromTheModel()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/recommend", """{"userId":"brand-new-user","count":3}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model", body.String("source"));
        Assert.Equal(3, body!["items"]!.AsArray().Count);
    }
}

public sealed class InferenceWithoutModelTests(UntrainedApiFixture api) : IClassFixture<UntrainedApiFixture>
{
    [Fact]
    public async Task Rank_NoModelYet_Answers200FromTheFallback()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/rank", """{"userId":"u01","candidateIds":["p001","p002","p003"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fallback", body.String("source"));
        Assert.Equal("noModel", body.String("fallbackReason"));
        Assert.Null(body!["modelVersion"]);
        Assert.Equal(3, body["items"]!.AsArray().Count);
        Assert.All(body["items"]!.AsArray(), i => Assert.Equal("fallback", i.String("source")));
    }

    [Fact]
    public async Task Recommend_NoModelYet_Answers200FromTheFallback()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/api/v1/recommend", """{"userId":"u01","count":5}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fallback", body.String("source"));
        Assert.Equal("noModel", body.String("fallbackReason"));
        Assert.Equal(5, body!["items"]!.AsArray().Count);
    }
}
