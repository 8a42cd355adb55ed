using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class TrainingEndpointsTests
{
    [Fact]
    public async Task Train_NoModel_Answers202WithRunId_RunActivates_ThenModelAnswers()
    {
        await using var factory = new WebApiFactory();
        using var client = await factory.StartAsync();

        var (status, accepted, response) = await client.ApiPostAsync("/api/v1/train");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var runId = accepted.String("runId")!;
        Assert.StartsWith("train-", runId, StringComparison.Ordinal);
        Assert.False(accepted!["joined"]!.GetValue<bool>());
        var statusUrl = accepted.String("statusUrl")!;
        Assert.Equal($"/api/v1/model/status?runId={runId}", statusUrl);
        Assert.Equal(statusUrl, response.Headers.Location?.OriginalString);

        var run = await client.WaitForRunAsync(statusUrl);
        Assert.Equal(runId, run.String("runId"));
        Assert.Equal("activated", run.String("status"));
        Assert.Equal("train", run.String("kind"));
        Assert.StartsWith("run-", run.String("pipelineRunId"), StringComparison.Ordinal);
        Assert.Null(run["error"]);
        var version = run.String("modelVersion")!;

        var (_, model, _) = await client.ApiGetAsync("/api/v1/model/status");
        Assert.Equal("model", model.String("serving"));
        Assert.Equal(version, model.String("modelVersion"));
        Assert.Equal("activated", model!["lastTraining"].String("outcome"));
        Assert.Equal(runId, model["recentRuns"]![0].String("runId"));

        var (_, ranked, _) = await client.ApiPostAsync("/api/v1/rank", """{"userId":"u01","candidateIds":["p001","p002","p120","p240"]}""");
        Assert.Equal("model", ranked.String("source"));
        Assert.Equal(version, ranked.String("modelVersion"));
        Assert.Equal(4, ranked!["items"]!.AsArray().Count);

        var (_, recommended, _) = await client.ApiPostAsync("/api/v1/recommend", """{"userId":"u01","count":5}""");
        Assert.Equal("model", recommended.String("source"));
        Assert.Equal(version, recommended.String("modelVersion"));
        Assert.Equal(5, recommended!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Train_WhileARunIsInProgress_JoinsIt_AndStatusShowsItRunning()
    {
        var source = WebApiFactory.CreateControllableSource();
        await using var factory = new WebApiFactory(source);
        using var client = await factory.StartAsync();
        source.Hold();

        var (_, first, _) = await client.ApiPostAsync("/api/v1/train");
        var (secondStatus, second, _) = await client.ApiPostAsync("/api/v1/retrain");
        var (_, during, _) = await client.ApiGetAsync(first.String("statusUrl")!);
        source.Release();
        var run = await client.WaitForRunAsync(first.String("statusUrl")!);

        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.True(second!["joined"]!.GetValue<bool>());
        Assert.Equal(first.String("runId"), second.String("runId"));
        Assert.Equal("running", during!["run"].String("status"));
        Assert.True(during["trainingInProgress"]!.GetValue<bool>());
        Assert.Equal("fallback", during.String("serving"));
        Assert.Equal("activated", run.String("status"));
        var (_, after, _) = await client.ApiGetAsync("/api/v1/model/status");
        Assert.Single(after!["recentRuns"]!.AsArray());
    }

    [Fact]
    public async Task Retrain_AfterATraining_ActivatesANewVersion_NotJudgedAgainstAModelTrainedOnTheSameData()
    {
        await using var factory = new WebApiFactory();
        using var client = await factory.StartAsync();
        var first = await client.TrainAsync();

        var second = await client.TrainAsync("/api/v1/retrain");

        Assert.Equal("retrain", second.String("kind"));
        Assert.StartsWith("retrain-", second.String("runId"), StringComparison.Ordinal);
        Assert.Equal("activated", second.String("status"));
        Assert.NotEqual(first.String("modelVersion"), second.String("modelVersion"));
        var (_, evaluation, _) = await client.ApiGetAsync("/api/v1/model/evaluate");
        Assert.Equal(second.String("modelVersion"), evaluation.String("modelVersion"));
        // The retrain saw no engagement the previous model had not: the gate cannot compare them fairly, so it does not.
        Assert.Null(evaluation!["previousModelNdcg"]);
        var (_, status, _) = await client.ApiGetAsync("/api/v1/model/status");
        Assert.Equal(2, status!["recentRuns"]!.AsArray().Count);
        Assert.Equal(second.String("runId"), status["recentRuns"]![0].String("runId"));
    }

    [Fact]
    public async Task Status_UnknownRunId_Returns404ProblemDetails()
    {
        await using var factory = new WebApiFactory();
        using var client = await factory.StartAsync();

        var (status, problem, response) = await client.ApiGetAsync("/api/v1/model/status?runId=train-nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(response.IsProblemJson());
        Assert.Contains("train-nope", problem.String("detail"), StringComparison.Ordinal);
    }
}
