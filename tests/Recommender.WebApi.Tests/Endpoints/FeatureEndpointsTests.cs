using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class FeatureEndpointsTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Fact]
    public async Task User_Known_ReturnsTheModelsFeatures()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/features/user/u01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("u01", body.String("userId"));
        Assert.True(body!["isKnown"]!.GetValue<bool>());
        Assert.True(body["totalEngagements"]!.GetValue<int>() > 0);
        var counts = body["countsByKind"]!.AsObject();
        Assert.Equal(["view", "click", "like", "comment", "share", "bookmark", "hide", "report"], counts.Select(c => c.Key));
        Assert.Equal(body["totalEngagements"]!.GetValue<int>(), counts.Sum(c => c.Value!.GetValue<int>()));
        Assert.Equal(counts.Select(c => c.Key), body["ratesByKind"]!.AsObject().Select(c => c.Key));
        Assert.Equal(Enumerable.Range(0, 24).Select(h => h.ToString("00")), body["activityByHour"]!.AsObject().Select(h => h.Key));
        Assert.Equal(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"], body["activityByWeekday"]!.AsObject().Select(d => d.Key));
        Assert.NotEmpty(body["preferredTags"]!.AsArray());
        Assert.NotNull(body["preferredTags"]![0].String("term"));
    }

    [Fact]
    public async Task User_Unknown_Returns200WithIsKnownFalseAndZeros()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/features/user/nobody");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["isKnown"]!.GetValue<bool>());
        Assert.Equal(0, body["totalEngagements"]!.GetValue<int>());
        Assert.All(body["countsByKind"]!.AsObject(), c => Assert.Equal(0, c.Value!.GetValue<int>()));
    }

    [Fact]
    public async Task Post_Known_ReturnsItsFeatures()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/features/post/p010");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("p010", body.String("postId"));
        Assert.NotNull(body.String("authorId"));
        Assert.NotEmpty(body!["tags"]!.AsArray());
        Assert.Equal(8, body["countsByKind"]!.AsObject().Count);
        Assert.True(body["countsByKind"]!["view"]!.GetValue<int>() >= 0);
        Assert.Equal(8, body["velocityByKind"]!.AsObject().Count);
    }

    [Fact]
    public async Task Post_Unknown_Returns404ProblemDetails()
    {
        var (status, problem, response) = await api.Client.ApiGetAsync("/api/v1/features/post/p999");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(response.IsProblemJson());
        Assert.Contains("p999", problem.String("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interaction_KnownPair_ReturnsThePairFeatures()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/features/interaction/u01/p010");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("u01", body.String("userId"));
        Assert.Equal("p010", body.String("postId"));
        Assert.True(body!["userKnown"]!.GetValue<bool>());
        var freshness = body["freshness"]!.GetValue<float>();
        Assert.InRange(freshness, 0f, 1f);
    }

    [Fact]
    public async Task Interaction_UnknownPost_Returns404ProblemDetails()
    {
        var (status, _, response) = await api.Client.ApiGetAsync("/api/v1/features/interaction/u01/p999");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(response.IsProblemJson());
    }
}

public sealed class FeatureEndpointsWithoutModelTests(UntrainedApiFixture api) : IClassFixture<UntrainedApiFixture>
{
    [Theory]
    [InlineData("/api/v1/features/post/p010")]
    [InlineData("/api/v1/features/interaction/u01/p010")]
    public async Task PostAndInteraction_NoModelYet_Return503ProblemDetails(string path)
    {
        var (status, problem, response) = await api.Client.ApiGetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.True(response.IsProblemJson());
        Assert.Contains("train", problem.String("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_NoModelYet_Returns200UnknownUser()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/features/user/u01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["isKnown"]!.GetValue<bool>());
    }
}
