using System.Net;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

public sealed class MlEndpointsTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Fact]
    public async Task Status_AfterTraining_IsReadyWithTheVersion()
    {
        var (status, body, _) = await api.Client.ApiGetAsync("/ml/status");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["ready"]!.GetValue<bool>());
        Assert.Equal(api.ModelVersion, body.String("modelVersion"));
        Assert.Equal("activated", body.String("lastTrainingOutcome"));
        Assert.False(body["trainingInProgress"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Predict_ScoresTheKnownPostsBestFirst()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/ml/predict", """{"userId":"u08","postIds":["p020","p021","p022","ghost"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model", body.String("source"));
        Assert.Equal(api.ModelVersion, body.String("modelVersion"));
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(3, predictions.Count);
        var scores = predictions.Select(p => p!["score"]!.GetValue<float>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(["ghost"], body["unknownPostIds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Recommend_ReturnsPostIds()
    {
        var (status, body, _) = await api.Client.ApiPostAsync("/ml/recommend", """{"userId":"u09","limit":4}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("model", body.String("source"));
        Assert.Equal(4, body!["postIds"]!.AsArray().Count);
    }
}

public sealed class MlTrainTests
{
    [Fact]
    public async Task Train_NoModel_Answers202_ThenStatusBecomesReady()
    {
        await using var factory = new WebApiFactory();
        using var client = await factory.StartAsync();
        var (_, before, _) = await client.ApiGetAsync("/ml/status");

        var run = await client.TrainAsync("/ml/train");

        Assert.False(before!["ready"]!.GetValue<bool>());
        Assert.Null(before["modelVersion"]);
        Assert.Equal("activated", run.String("status"));
        var (_, after, _) = await client.ApiGetAsync("/ml/status");
        Assert.True(after!["ready"]!.GetValue<bool>());
        Assert.Equal(run.String("modelVersion"), after.String("modelVersion"));
    }
}
