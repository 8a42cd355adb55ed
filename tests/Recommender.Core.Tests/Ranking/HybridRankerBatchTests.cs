using Recommender.Data;
using Recommender.Ranking;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Ranking;

public sealed class HybridRankerBatchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void RecommendBatch_EqualsRecommendPerUser_InUserOrder(int maxDegreeOfParallelism)
    {
        var ranker = Ranker();
        string[] users = [.. ActiveUsers(40), "someone-new", ActiveUsers(1)[0]];
        var filter = new RankingFilter { ExcludeTags = ["cooking"] };

        var batch = ranker.RecommendBatch(users, 20, filter, maxDegreeOfParallelism);

        Assert.Equal(users.Length, batch.Count);
        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal(Flatten(ranker.Recommend(users[i], 20, filter)), Flatten(batch[i]));
        }
    }

    [Fact]
    public void RankBatch_EqualsRankPerRequest_InRequestOrder()
    {
        var ranker = Ranker();
        var candidates = RecentPosts(2);
        (string, IReadOnlyList<Post>)[] requests = [.. ActiveUsers(20).Select((u, i) => (u, (IReadOnlyList<Post>)candidates.Skip(i).ToArray())), ("someone-new", [])];

        var batch = ranker.RankBatch(requests);

        Assert.Equal(requests.Length, batch.Count);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(Flatten(ranker.Rank(requests[i].Item1, requests[i].Item2)), Flatten(batch[i]));
        }

        Assert.Empty(batch[^1]);
    }

    [Fact]
    public void Batches_EmptyInput_GiveEmptyOutput_AndBadInputThrows()
    {
        var ranker = Ranker();

        Assert.Empty(ranker.RecommendBatch([], 10));
        Assert.Empty(ranker.RankBatch([]));
        Assert.Throws<ArgumentNullException>(() => ranker.RecommendBatch(null!, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ranker.RecommendBatch(["u"], -1));
        Assert.Throws<ArgumentNullException>(() => ranker.RankBatch([("u", null!)]));
    }

    [Fact]
    public void WithPosts_AddsFreshPostsToRecommendations_WithoutChangingTheOriginalRanker()
    {
        var ranker = Ranker();
        var profile = BlendWeightsTests.ClearTasteUser();
        var fresh = new Post("just-published", profile.FavouriteAuthors[0], Now.AddMinutes(-5)) { Tags = [profile.Topics[0]] };

        var withFresh = ranker.WithPosts([fresh]);

        Assert.Contains(withFresh.Recommend(profile.UserId, 20), r => r.PostId == "just-published" && r.Source == RecommendationSource.ColdStart);
        Assert.DoesNotContain(ranker.Recommend(profile.UserId, 2_000), r => r.PostId == "just-published");
        Assert.Same(ranker.Model, withFresh.Model);
    }

    private static IEnumerable<(string, float, RecommendationSource, string)> Flatten(IReadOnlyList<RankedPost> ranked) =>
        ranked.Select(r => (r.PostId, r.Score, r.Source, string.Join("|", r.Reasons)));
}
