using System.Net;
using System.Text.Json.Nodes;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

/// <summary>
/// The OpenAPI document says what the API accepts: for every request body it describes, a request with just its
/// required fields (and one branch of a oneOf) passes, leaving out any required field fails naming that field, and each
/// optional field may be added. Fields are read from /openapi/v1.json, so a contract change the document gets wrong
/// fails here; every field needs a sample value below (a new field without one fails too).
/// </summary>
public sealed class OpenApiDocumentTests(UntrainedApiFixture api) : IClassFixture<UntrainedApiFixture>
{
    /// <summary>A valid value for each field, by schema and field.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["RankApiRequest.userId"] = "\"u01\"",
        ["RankApiRequest.candidateIds"] = """["p001","p002"]""",
        ["RankApiRequest.candidates"] = """[{"id":"new-1","createdAt":"2026-01-01T00:00:00Z"}]""",
        ["RankApiRequest.exclude"] = """{"tags":["x"]}""",
        ["RecommendApiRequest.userId"] = "\"u01\"",
        ["RecommendApiRequest.count"] = "3",
        ["RecommendApiRequest.limit"] = "3",
        ["RecommendApiRequest.exclude"] = """{"postIds":["p001"]}""",
        ["MlPredictRequest.userId"] = "\"u01\"",
        ["MlPredictRequest.postIds"] = """["p001"]""",
        ["MlRecommendRequest.userId"] = "\"u01\"",
        ["MlRecommendRequest.count"] = "3",
        ["MlRecommendRequest.limit"] = "3",
        ["CandidatePost.id"] = "\"new-1\"",
        ["CandidatePost.createdAt"] = "\"2026-01-01T00:00:00Z\"",
        ["CandidatePost.authorId"] = "\"u02\"",
        ["CandidatePost.tags"] = """["dotnet"]""",
        ["CandidatePost.text"] = "\"hello\"",
        ["ExcludeFilter.postIds"] = """["p001"]""",
        ["ExcludeFilter.authorIds"] = """["u02"]""",
        ["ExcludeFilter.tags"] = """["x"]""",
    };

    public static TheoryData<string> Routes => new() { "/api/v1/rank", "/api/v1/recommend", "/ml/predict", "/ml/recommend" };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RequiredFieldsOnly_Passes(string path)
    {
        var (name, schema) = await BodySchemaAsync(path);

        var (status, body, _) = await api.Client.ApiPostAsync(path, Json(name, Minimal(schema)));

        Assert.True(status == HttpStatusCode.OK, $"{path} with {Json(name, Minimal(schema))}: {status} {body?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARequiredFieldLeftOut_Fails_NamingIt(string path)
    {
        var (name, schema) = await BodySchemaAsync(path);
        var required = Required(schema);
        Assert.Contains("userId", required);

        foreach (var field in required)
        {
            var json = Json(name, Minimal(schema).Where(f => f != field));
            var (status, problem, _) = await api.Client.ApiPostAsync(path, json);

            Assert.True(status == HttpStatusCode.BadRequest, $"{path} without {field} ({json}) answered {status}: the document says it is required");
            Assert.NotEmpty(problem.ErrorsFor(field));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnOptionalFieldAdded_Passes(string path)
    {
        var (name, schema) = await BodySchemaAsync(path);
        var minimal = Minimal(schema);

        foreach (var field in Properties(schema).Except(minimal).Where(f => !OneOfFields(schema).Contains(f)))
        {
            var json = Json(name, [.. minimal, field]);
            var (status, body, _) = await api.Client.ApiPostAsync(path, json);

            Assert.True(status == HttpStatusCode.OK, $"{path} with the optional {field} ({json}) answered {status}: {body?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Rank_OneOfCandidateIdsAndCandidates_ExactlyOneIsAccepted()
    {
        var (name, schema) = await BodySchemaAsync("/api/v1/rank");
        var branches = OneOfFields(schema);
        Assert.Equal(["candidateIds", "candidates"], branches);
        var required = Required(schema);

        foreach (var branch in branches)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Client.ApiPostAsync("/api/v1/rank", Json(name, [.. required, branch]))).Status);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.ApiPostAsync("/api/v1/rank", Json(name, required))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.ApiPostAsync("/api/v1/rank", Json(name, [.. required, .. branches]))).Status);
    }

    [Fact]
    public async Task CandidatePost_RequiredFields_AreWhatTheValidatorRequires()
    {
        var document = await DocumentAsync();
        var candidate = document["components"]!["schemas"]!["CandidatePost"]!;
        Assert.Equal(["createdAt", "id"], Required(candidate).Order(StringComparer.Ordinal));

        foreach (var field in Required(candidate))
        {
            var post = Json("CandidatePost", Required(candidate).Where(f => f != field));
            var (status, problem, _) = await api.Client.ApiPostAsync("/api/v1/rank", $$"""{"userId":"u01","candidates":[{{post}}]}""");

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotEmpty(problem.ErrorsFor($"candidates[0].{field}"));
        }

        var full = Json("CandidatePost", Properties(candidate));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.ApiPostAsync("/api/v1/rank", $$"""{"userId":"u01","candidates":[{{full}}]}""")).Status);
    }

    [Fact]
    public async Task RequiredFields_AreNotNullable_AndOptionalOnesAre()
    {
        var (_, schema) = await BodySchemaAsync("/ml/recommend");

        Assert.Equal("string", schema["properties"]!["userId"]!["type"]!.ToString());
        Assert.Contains("null", schema["properties"]!["limit"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var (status, document, _) = await api.Client.ApiGetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        return document!;
    }

    /// <summary>The schema of the route's JSON body, and its name in components/schemas.</summary>
    private async Task<(string Name, JsonNode Schema)> BodySchemaAsync(string path)
    {
        var document = await DocumentAsync();
        var reference = document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        var name = reference[(reference.LastIndexOf('/') + 1)..];
        return (name, document["components"]!["schemas"]![name]!);
    }

    private static List<string> Required(JsonNode schema) =>
        schema["required"] is JsonArray required ? [.. required.Select(r => r!.GetValue<string>())] : [];

    private static List<string> Properties(JsonNode schema) => [.. schema["properties"]!.AsObject().Select(p => p.Key)];

    /// <summary>The fields of a oneOf whose branches each require one field (candidateIds | candidates).</summary>
    private static List<string> OneOfFields(JsonNode schema) =>
        schema["oneOf"] is JsonArray branches ? [.. branches.SelectMany(b => Required(b!))] : [];

    /// <summary>The required fields and, with a oneOf, the first branch's.</summary>
    private static List<string> Minimal(JsonNode schema) => [.. Required(schema), .. OneOfFields(schema).Take(1)];

    private static string Json(string schema, IEnumerable<string> fields) =>
        "{" + string.Join(",", fields.Select(f => Samples.TryGetValue($"{schema}.{f}", out var value)
            ? $"\"{f}\":{value}"
            : throw new InvalidOperationException($"The document lists {schema}.{f}: give it a sample value in OpenApiDocumentTests.Samples."))) + "}";
}
