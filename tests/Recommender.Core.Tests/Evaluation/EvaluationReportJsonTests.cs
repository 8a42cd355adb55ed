using System.Text.Json;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class EvaluationReportJsonTests
{
    [Fact]
    public void ToJson_HasTheProtocolsShape_WithKInTheMetricNames()
    {
        var report = new EvaluationReport(
            new DatasetSummary(943, 1649, 80000, 19960),
            5,
            EvaluationTask.Recommend,
            [
                new ModelEvaluation("popularity", 0.197, 0.12, 0.226, 0.118, 0.773, 0.03, 943, TimeSpan.FromMilliseconds(90)) { NdcgInterval = new(0.21, 0.24) },
                new ModelEvaluation("nmf", 0.3, 0.2, 0.4, 0.2, 0.9, 0.1, 943, TimeSpan.FromSeconds(1.5)),
            ]);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal(["dataset", "k", "models"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["users", "posts", "train", "test"], root.GetProperty("dataset").EnumerateObject().Select(p => p.Name));
        Assert.Equal(19960, root.GetProperty("dataset").GetProperty("test").GetInt32());
        Assert.Equal(5, root.GetProperty("k").GetInt32());
        Assert.Equal(["popularity", "nmf"], root.GetProperty("models").EnumerateObject().Select(p => p.Name));
        var popularity = root.GetProperty("models").GetProperty("popularity");
        Assert.Equal(
            ["precision@5", "recall@5", "ndcg@5", "ndcg@5_ci", "map@5", "hit@5", "coverage", "users", "train_seconds"],
            popularity.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.226, popularity.GetProperty("ndcg@5").GetDouble());
        Assert.Equal([0.21, 0.24], popularity.GetProperty("ndcg@5_ci").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("models").GetProperty("nmf").GetProperty("ndcg@5_ci").ValueKind);
        Assert.Equal(943, popularity.GetProperty("users").GetInt32());
        Assert.Equal(0.09, popularity.GetProperty("train_seconds").GetDouble(), 1e-12);
        Assert.Equal(1.5, root.GetProperty("models").GetProperty("nmf").GetProperty("train_seconds").GetDouble(), 1e-12);
    }
}
