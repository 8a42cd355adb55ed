using Recommender.Core.Tests.TestSupport;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

public sealed class PopularityIndexTests
{
    private static readonly DateTimeOffset Now = TestData.Epoch.AddDays(10);

    [Fact]
    public void Add_PastMaxPosts_ForgetsTheColdestPosts_AndKeepsTheHotOnes()
    {
        var index = new PopularityIndex(new HeuristicOptions(), maxPosts: 100);

        // 100 posts of rising popularity (post i engaged i + 1 times), then 10 new ones engaged once each, now.
        for (var i = 0; i < 100; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                index.Add(Like($"p{i}", Now.AddHours(-1)));
            }
        }

        for (var i = 0; i < 10; i++)
        {
            index.Add(Like($"new{i}", Now));
        }

        Assert.InRange(index.PostCount, 90, 100);
        Assert.True(index.PostPopularity("p99", Now) > 0);
        Assert.Equal(0.0, index.PostPopularity("p0", Now));
        Assert.Equal(0.0, index.PostPopularity("p5", Now));
        Assert.True(index.PostPopularity("new9", Now) > 0);
    }

    [Fact]
    public void Add_PastMaxPosts_AnOldPostCoolsBelowAFreshOne()
    {
        var index = new PopularityIndex(new HeuristicOptions(), maxPosts: 10);

        // Once hot (8 likes) but 30 days ago: colder today than the posts liked once just now.
        for (var n = 0; n < 8; n++)
        {
            index.Add(Like("old-hit", Now.AddDays(-30)));
        }

        for (var i = 0; i < 10; i++)
        {
            index.Add(Like($"fresh{i}", Now));
        }

        Assert.Equal(0.0, index.PostPopularity("old-hit", Now));
        Assert.Equal(9, index.PostCount); // 11 posts past a limit of 10: down to nine tenths
    }

    [Fact]
    public void Add_ManyDistinctPosts_CountStaysBounded()
    {
        var index = new PopularityIndex(new HeuristicOptions(), maxPosts: 1_000);

        Parallel.For(0, 50_000, i => index.Add(Like($"post-{i}", Now.AddSeconds(i))));

        Assert.InRange(index.PostCount, 900, 1_000);
    }

    [Fact]
    public void Lookups_OfUnknownPosts_DoNotGrowTheIndex()
    {
        var index = new PopularityIndex(new HeuristicOptions());
        index.AddPost(new Post("p", "a", Now));

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(0.0, index.PostPopularity($"unknown-{i}", Now));
            Assert.Equal(0.0, index.AuthorPopularity($"author-{i}", Now));
        }

        Assert.Equal(0, index.PostCount);
    }

    private static Engagement Like(string post, DateTimeOffset at) => new("u", post, EngagementKind.Like, at);
}
