using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

/// <summary>Bad requests: 400 (or 415) problem details naming the field, before the SDK is called.</summary>
public sealed class RequestValidationTests(UntrainedApiFixture api) : IClassFixture<UntrainedApiFixture>
{
    [Theory]
    [InlineData("""{"userId":"","candidateIds":["p001"]}""", "userId")]
    [InlineData("""{"candidateIds":["p001"]}""", "userId")]
    [InlineData("""{"userId":"u01"}""", "candidateIds")]
    [InlineData("""{"userId":"u01","candidateIds":[]}""", "candidateIds")]
    [InlineData("""{"userId":"u01","candidateIds":["p001",""]}""", "candidateIds[1]")]
    [InlineData("""{"userId":"u01","candidateIds":["p001"],"candidates":[]}""", "candidates")]
    [InlineData("""{"userId":"u01","candidates":[{"id":"x"}]}""", "candidates[0].createdAt")]
    [InlineData("""{"userId":"u01","candidates":[{"createdAt":"2026-01-01T00:00:00Z"}]}""", "candidates[0].id")]
    [InlineData("""{"userId":"u01","candidateIds":["p001"],"exclude":{"tags":[""]}}""", "exclude.tags")]
    public async Task Rank_InvalidRequest_Returns400NamingTheField(string json, string field)
    {
        var (status, problem, response) = await api.Client.ApiPostAsync("/api/v1/rank", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(response.IsProblemJson());
        Assert.Equal(400, problem!["status"]!.GetValue<int>());
        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Fact]
    public async Task Rank_MoreCandidatesThanTheLimit_Returns400SayingTheLimit()
    {
        var ids = string.Join(",", Enumerable.Range(1, WebApiFactory.MaxCandidates + 1).Select(i => $"\"p{i:D3}\""));

        var (status, problem, _) = await api.Client.ApiPostAsync("/api/v1/rank", $$"""{"userId":"u01","candidateIds":[{{ids}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"at most {WebApiFactory.MaxCandidates}", problem.ErrorsFor("candidateIds")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_ExactlyTheLimit_IsAccepted()
    {
        var ids = string.Join(",", Enumerable.Range(1, WebApiFactory.MaxCandidates).Select(i => $"\"p{i:D3}\""));

        var (status, _, _) = await api.Client.ApiPostAsync("/api/v1/rank", $$"""{"userId":"u01","candidateIds":[{{ids}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Rank_SeveralProblems_AreAllReported()
    {
        var (_, problem, _) = await api.Client.ApiPostAsync("/api/v1/rank", """{"userId":" ","candidateIds":[]}""");

        Assert.NotEmpty(problem.ErrorsFor("userId"));
        Assert.NotEmpty(problem.ErrorsFor("candidateIds"));
    }

    [Theory]
    [InlineData("""{"userId":"u01","count":0}""", "count")]
    [InlineData("""{"userId":"u01","count":-3}""", "count")]
    [InlineData("""{"userId":"u01","count":31}""", "count")]
    [InlineData("""{"userId":"","count":5}""", "userId")]
    public async Task Recommend_InvalidRequest_Returns400NamingTheField(string json, string field)
    {
        var (status, problem, response) = await api.Client.ApiPostAsync("/api/v1/recommend", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(response.IsProblemJson());
        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Theory]
    [InlineData("""{"userId":"u01","count":"many"}""", "count")]
    [InlineData("""{"userId":"u01","count":3""", "count")]
    [InlineData("""{"userId":"u01",""", "body")]
    [InlineData("""not json""", "body")]
    [InlineData("""[1,2]""", "body")]
    public async Task Recommend_MalformedJson_Returns400NamingWhereItBroke(string json, string field)
    {
        var (status, problem, response) = await api.Client.ApiPostAsync("/api/v1/recommend", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(response.IsProblemJson());
        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Fact]
    public async Task Recommend_NoBody_Returns400NamingTheBody()
    {
        var (status, problem, _) = await api.Client.ApiPostAsync("/api/v1/recommend");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(problem.ErrorsFor("body"));
    }

    [Fact]
    public async Task Recommend_NotJson_Returns415ProblemDetails()
    {
        var (status, problem, response) = await api.Client.ApiPostAsync("/api/v1/recommend", "userId=u01", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.True(response.IsProblemJson());
        Assert.Equal(415, problem!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Evaluate_OnDemandNotABoolean_Returns400NamingTheParameter()
    {
        var (status, problem, _) = await api.Client.ApiGetAsync("/api/v1/model/evaluate?onDemand=yes");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(problem.ErrorsFor("onDemand"));
    }

    [Theory]
    [InlineData("/ml/predict", """{"userId":"u01","postIds":[]}""", "postIds")]
    [InlineData("/ml/predict", """{"postIds":["p001"]}""", "userId")]
    [InlineData("/ml/recommend", """{"userId":"u01","limit":0}""", "limit")]
    [InlineData("/ml/recommend", """{"userId":"","limit":3}""", "userId")]
    public async Task Ml_InvalidRequest_Returns400NamingTheField(string path, string json, string field)
    {
        var (status, problem, _) = await api.Client.ApiPostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(problem.ErrorsFor(field));
    }
}
