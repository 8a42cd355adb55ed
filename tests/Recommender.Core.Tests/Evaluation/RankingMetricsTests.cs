using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class RankingMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Add_OneHitAtSecondPosition_MatchesHandComputedValues()
    {
        // k = 3, ranked [1, 2, 3], relevant {2, 5}: one hit, at position i = 1.
        // precision = 1/3; recall = 1/2; dcg = 1/log2(3); idcg = 1 + 1/log2(3) (min(k, 2) = 2 hits);
        // map = (1 hit so far / position 2) / min(3, 2) = 0.25; hit = 1.
        var m = new RankingMetrics(3);
        m.Add([1, 2, 3], [2, 5]);

        var dcg = 1 / Math.Log2(3);
        Assert.Equal(1.0 / 3, m.Precision, Tolerance);
        Assert.Equal(0.5, m.Recall, Tolerance);
        Assert.Equal(dcg / (1 + dcg), m.Ndcg, Tolerance);
        Assert.Equal(0.386852807234542, m.Ndcg, 1e-12);
        Assert.Equal(0.25, m.Map, Tolerance);
        Assert.Equal(1.0, m.HitRate, Tolerance);
    }

    [Fact]
    public void Add_HitsAtFirstAndThirdPosition_MatchesHandComputedValues()
    {
        // k = 3, ranked [4, 5, 6], relevant {4, 6}: hits at i = 0 and i = 2.
        // precision = 2/3; recall = 1; dcg = 1 + 1/log2(4) = 1.5; idcg = 1 + 1/log2(3) = 1.6309297535714575;
        // ndcg = 0.919720...; map = (1/1 + 2/3) / 2 = 0.8333...
        var m = new RankingMetrics(3);
        m.Add([4, 5, 6], [4, 6]);

        Assert.Equal(2.0 / 3, m.Precision, Tolerance);
        Assert.Equal(1.0, m.Recall, Tolerance);
        Assert.Equal(1.5 / 1.6309297535714575, m.Ndcg, Tolerance);
        Assert.Equal(5.0 / 6, m.Map, Tolerance);
    }

    [Fact]
    public void Add_MoreRelevantThanK_NormalisesByK()
    {
        // k = 2, ranked [1, 2], relevant {1, 2, 3}: both hit. recall = 2/3; ndcg = 1 (ideal list has min(2, 3) = 2 hits);
        // map = (1/1 + 2/2) / min(2, 3) = 1.
        var m = new RankingMetrics(2);
        m.Add([1, 2], [1, 2, 3]);

        Assert.Equal((1.0, 2.0 / 3, 1.0, 1.0), (m.Precision, m.Recall, m.Ndcg, m.Map));
    }

    [Fact]
    public void Averages_OverUsers_IncludingAShortListWithoutHits()
    {
        // Users A (one hit at i = 1), B (hits at 0 and 2) as above, and C: a list of one post, no hit, relevant {8}.
        // precision = (1/3 + 2/3 + 0) / 3 = 1/3 (a short list still divides by k); recall = (1/2 + 1 + 0) / 3 = 1/2;
        // map = (0.25 + 5/6 + 0) / 3 = 0.36111...; hit = 2/3.
        var m = new RankingMetrics(3);
        m.Add([1, 2, 3], [2, 5]);
        m.Add([4, 5, 6], [4, 6]);
        m.Add([7], [8]);

        Assert.Equal(3, m.Users);
        Assert.Equal(1.0 / 3, m.Precision, Tolerance);
        Assert.Equal(0.5, m.Recall, Tolerance);
        Assert.Equal((0.25 + (5.0 / 6)) / 3, m.Map, Tolerance);
        Assert.Equal((0.386852807234542 + (1.5 / 1.6309297535714575)) / 3, m.Ndcg, 1e-12);
        Assert.Equal(2.0 / 3, m.HitRate, Tolerance);
    }

    [Fact]
    public void NoUsers_GivesZerosNotNaN()
    {
        var m = new RankingMetrics(10);

        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (m.Precision, m.Recall, m.Ndcg, m.Map, m.HitRate));
    }
}
