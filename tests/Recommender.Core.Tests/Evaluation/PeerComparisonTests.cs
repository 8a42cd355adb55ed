using System.Text.Json;
using Recommender.Core.Tests.TestSupport;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>
/// The popularity baseline against the protocol's peer script (scikit-learn side), on a fixture built without
/// popularity ties (Fixtures/peer/make_fixture.py; peer-expected.json is the script's output).
/// </summary>
public class PeerComparisonTests
{
    [Fact]
    public void Popularity_MatchesThePeerScriptToOneInABillion()
    {
        var data = new EvaluationData(
            [.. DataFiles.ReadEngagements(TestFiles.Fixture("peer/train.csv"))],
            [.. DataFiles.ReadEngagements(TestFiles.Fixture("peer/test.csv"))]);
        using var expected = JsonDocument.Parse(File.ReadAllText(TestFiles.Fixture("peer/peer-expected.json")));
        var peer = expected.RootElement.GetProperty("models").GetProperty("popularity");
        var dataset = expected.RootElement.GetProperty("dataset");

        var report = new OfflineEvaluator().Evaluate(data, [new PopularityModel()], TestContext.Current.CancellationToken);
        var ours = report.Models[0];

        Assert.Equal(
            new DatasetSummary(dataset.GetProperty("users").GetInt32(), dataset.GetProperty("posts").GetInt32(), dataset.GetProperty("train").GetInt32(), dataset.GetProperty("test").GetInt32()),
            report.Dataset);
        Assert.Equal(peer.GetProperty("users").GetInt32(), ours.Users);
        Assert.Equal(peer.GetProperty("precision@10").GetDouble(), ours.Precision, 1e-9);
        Assert.Equal(peer.GetProperty("recall@10").GetDouble(), ours.Recall, 1e-9);
        Assert.Equal(peer.GetProperty("ndcg@10").GetDouble(), ours.Ndcg, 1e-9);
        Assert.Equal(peer.GetProperty("map@10").GetDouble(), ours.Map, 1e-9);
        Assert.Equal(peer.GetProperty("hit@10").GetDouble(), ours.HitRate, 1e-9);
        Assert.Equal(peer.GetProperty("coverage").GetDouble(), ours.Coverage, 1e-9);
    }
}
