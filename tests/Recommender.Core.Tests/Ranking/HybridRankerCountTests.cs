using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Ranking;

/// <summary>Counts far beyond the catalogue are clamped to it (issue 13, item 4), never allocated.</summary>
public sealed class HybridRankerCountTests
{
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue / 2)]
    [InlineData(1_000_000_000)]
    public void Recommend_CountFarBeyondTheCatalogue_ReturnsAtMostTheCatalogue(int count)
    {
        var ranker = Ranker();
        var user = ActiveUsers(1)[0];
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var recommended = ranker.Recommend(user, count);

        Assert.InRange(recommended.Count, 1, ranker.Catalog.Count);
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - before, 0, 256L << 20);
        Assert.Equal(recommended.Count, recommended.Select(r => r.PostId).Distinct().Count());
        Assert.Equal(recommended.Count, ranker.RecommendBatch([user], count)[0].Count);
    }
}
