using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class TrainingFailureTests
{
    [Fact]
    public async Task Train_DataSourceThrows_RunFailsWithTheError_AndTheFallbackKeepsAnswering()
    {
        var source = WebApiFactory.CreateControllableSource();
        await using var factory = new WebApiFactory(source);
        using var client = await factory.StartAsync();
        source.Failure = new InvalidOperationException("the engagements table is gone");

        var run = await client.TrainAsync();

        Assert.Equal("failed", run.String("status"));
        Assert.Contains("the engagements table is gone", run.String("error"), StringComparison.Ordinal);
        Assert.Null(run["modelVersion"]);
        var (_, status, _) = await client.ApiGetAsync("/api/v1/model/status");
        Assert.Equal("fallback", status.String("serving"));
        Assert.Equal("failed", status!["lastTraining"].String("outcome"));
        Assert.Contains("the engagements table is gone", status["lastTraining"].String("error"), StringComparison.Ordinal);
        var (_, ml, _) = await client.ApiGetAsync("/ml/status");
        Assert.False(ml!["ready"]!.GetValue<bool>());
        Assert.Equal("failed", ml.String("lastTrainingOutcome"));

        var (rankStatus, ranked, _) = await client.ApiPostAsync("/api/v1/rank", """{"userId":"u01","candidateIds":["p001","p002"]}""");
        Assert.Equal(HttpStatusCode.OK, rankStatus);
        Assert.Equal("fallback", ranked.String("source"));
        Assert.Equal("noModel", ranked.String("fallbackReason"));
    }

    [Fact]
    public async Task Retrain_DataSourceThrows_ThePreviousModelKeepsServing()
    {
        var source = WebApiFactory.CreateControllableSource();
        await using var factory = new WebApiFactory(source);
        using var client = await factory.StartAsync();
        var good = await client.TrainAsync();
        source.Failure = new TimeoutException("the database did not answer");

        var failed = await client.TrainAsync("/api/v1/retrain");

        Assert.Equal("failed", failed.String("status"));
        Assert.Contains("the database did not answer", failed.String("error"), StringComparison.Ordinal);
        var (_, status, _) = await client.ApiGetAsync("/api/v1/model/status");
        Assert.Equal("model", status.String("serving"));
        Assert.Equal(good.String("modelVersion"), status.String("modelVersion"));
        Assert.Equal("failed", status!["lastTraining"].String("outcome"));
        var (_, ranked, _) = await client.ApiPostAsync("/api/v1/rank", """{"userId":"u02","candidateIds":["p001","p002","p003"]}""");
        Assert.Equal("model", ranked.String("source"));
        Assert.Equal(good.String("modelVersion"), ranked.String("modelVersion"));
    }
}
