using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class EvaluationEndpointTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Fact]
    public async Task Evaluate_AfterTraining_ReturnsTheStoredMetricsOfTheServingVersion()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/model/evaluate");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(api.ModelVersion, body.String("modelVersion"));
        Assert.Equal(10, body!["k"]!.GetValue<int>());
        Assert.True(body["evaluated"]!.GetValue<bool>());
        Assert.InRange(body["ndcg"]!.GetValue<double>(), 0, 1);
        Assert.InRange(body["heuristicNdcg"]!.GetValue<double>(), 0, 1);
        Assert.Null(body["previousModelNdcg"]);
        Assert.Equal(body["ndcg"]!.GetValue<double>(), body["metrics"]!["ndcg@10"]!.GetValue<double>());
        Assert.Null(body["onDemand"]);
    }

    [Fact]
    public async Task Evaluate_OnDemand_AddsAFreshEvaluationOfCandidateAndHeuristic()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/model/evaluate?onDemand=true");

        Assert.Equal(HttpStatusCode.OK, status);
        var fresh = body!["onDemand"]!;
        Assert.True(fresh["testRows"]!.GetValue<int>() > 0);
        Assert.True(fresh["users"]!.GetValue<int>() > 0);
        Assert.Equal(["candidate", "heuristic"], fresh["models"]!.AsArray().Select(m => m.String("model")));
        Assert.All(fresh["models"]!.AsArray(), m => Assert.InRange(m!["ndcg"]!.GetValue<double>(), 0, 1));
    }
}

public sealed class EvaluationWithoutModelTests(UntrainedApiFixture api) : IClassFixture<UntrainedApiFixture>
{
    [Fact]
    public async Task Evaluate_NoModelYet_Returns404ProblemDetails()
    {
        var (status, _, response) = await api.Client.ApiGetAsync("/api/v1/model/evaluate");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(response.IsProblemJson());
    }

    [Fact]
    public async Task Evaluate_NoModelYetButOnDemand_EvaluatesTheCurrentData()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/api/v1/model/evaluate?onDemand=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["modelVersion"]);
        Assert.Equal(2, body["onDemand"]!["models"]!.AsArray().Count);
    }
}
