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

    [Theory]
    [InlineData("/api/v1/recommend", """{"userId":"u01","count":"many"}""", "count", "count must be a whole number.")]
    [InlineData("/api/v1/recommend", """{"userId":7}""", "userId", "userId must be a string.")]
    [InlineData("/api/v1/rank", """{"userId":"u01","candidateIds":"p001"}""", "candidateIds", "candidateIds must be an array of strings.")]
    [InlineData("/api/v1/rank", """{"userId":"u01","candidates":[{"id":"x","createdAt":"yesterday"}]}""", "candidates[0].createdAt", "candidates[0].createdAt must be a date and time string (ISO 8601, e.g. \"2026-01-01T12:00:00Z\").")]
    [InlineData("/api/v1/rank", """{"userId":"u01","candidateIds":["p001"],"exclude":{"tags":"x"}}""", "exclude.tags", "exclude.tags must be an array of strings.")]
    [InlineData("/api/v1/recommend", """[1,2]""", "body", "The body must be an object with the fields userId, count, limit, exclude.")]
    [InlineData("/ml/recommend", """{"userId":"u01","limit":true}""", "limit", "limit must be a whole number.")]
    public async Task MistypedJson_SaysWhatTheFieldTakesInJsonTerms(string path, string json, string field, string message)
    {
        var (status, problem, _) = await api.Client.ApiPostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, Assert.Single(problem.ErrorsFor(field)));
        AssertNoDotNetNames(problem!.ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/recommend", """{"userId":"u01","cnt":3}""", "cnt", "cnt is not a field of this request; the fields are userId, count, limit, exclude.")]
    [InlineData("/ml/recommend", """{"userId":"u01","size":3}""", "size", "size is not a field of this request; the fields are userId, count, limit.")]
    [InlineData("/api/v1/rank", """{"userId":"u01","candidateIds":["p001"],"exclude":{"tagz":["x"]}}""", "exclude.tagz", "exclude.tagz is not a field of this request; the fields of exclude are postIds, authorIds, tags.")]
    public async Task UnknownField_Returns400NamingItAndTheFieldsThereAre(string path, string json, string field, string message)
    {
        var (status, problem, _) = await api.Client.ApiPostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, Assert.Single(problem.ErrorsFor(field)));
        AssertNoDotNetNames(problem!.ToJsonString());
    }

    [Fact]
    public async Task Recommend_NoBody_SaysWhatTheBodyIs()
    {
        var (_, problem, _) = await api.Client.ApiPostAsync("/api/v1/recommend");

        Assert.Equal("The request needs a body: a JSON object with the fields userId, count, limit, exclude.", Assert.Single(problem.ErrorsFor("body")));
        AssertNoDotNetNames(problem!.ToJsonString());
    }

    [Fact]
    public async Task Evaluate_OnDemandNotABoolean_SaysTrueOrFalse()
    {
        var (_, problem, _) = await api.Client.ApiGetAsync("/api/v1/model/evaluate?onDemand=yes");

        Assert.Equal("onDemand must be true or false, was 'yes'.", Assert.Single(problem.ErrorsFor("onDemand")));
    }

    [Theory]
    [InlineData("/api/v1/recommend")]
    [InlineData("/ml/recommend")]
    public async Task Recommend_CountAndLimitDisagree_Returns400(string path)
    {
        var (status, problem, _) = await api.Client.ApiPostAsync(path, """{"userId":"u01","count":3,"limit":4}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("limit is another name for count", problem.ErrorsFor("limit")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/recommend", "count", "items")]
    [InlineData("/api/v1/recommend", "limit", "items")]
    [InlineData("/ml/recommend", "count", "postIds")]
    [InlineData("/ml/recommend", "limit", "postIds")]
    public async Task Recommend_CountOrItsAliasLimit_OnEveryRoute(string path, string name, string list)
    {
        var (status, body, _) = await api.Client.ApiPostAsync(path, $$"""{"userId":"u01","{{name}}":3}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body![list]!.AsArray().Count);
    }

    private static void AssertNoDotNetNames(string json)
    {
        Assert.DoesNotContain("System.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Recommender.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", json, StringComparison.Ordinal);
    }
}
