using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class RealtimeUpdatesTests
{
    private static readonly DateTimeOffset Now = ServingWorld.Now;

    [Fact]
    public void Record_UpdatesPopularityAtOnce_AndChangesTheUsersVersion()
    {
        var w = new World(new InMemoryDataSource());

        w.Realtime.Record(new Engagement("u", "p", EngagementKind.Like, Now));

        Assert.True(w.Popularity.PostPopularity("p", Now) > 0);
        Assert.Equal(1, w.Users.VersionOf("u"));
    }

    [Fact]
    public void Record_UpdatesTrendingAtOnce()
    {
        var w = new World(new InMemoryDataSource());
        var created = Now.AddHours(-3);
        Assert.Equal(0.0, w.Popularity.PostTrending("p", created, Now));

        w.Realtime.Record(new Engagement("u", "p", EngagementKind.Like, Now));
        var one = w.Popularity.PostTrending("p", created, Now);
        w.Realtime.Record(new Engagement("v", "p", EngagementKind.Like, Now));

        Assert.True(one > 0);
        Assert.Equal(2 * one, w.Popularity.PostTrending("p", created, Now), 9);
    }

    [Fact]
    public async Task WarmAsync_ReadsTheWarmupWindow_OfPostsAndEngagements()
    {
        var data = new InMemoryDataSource(
            [],
            [new Post("recent", "author", Now.AddDays(-1)), new Post("old", "author", Now.AddDays(-30))],
            [new Engagement("u", "recent", EngagementKind.Like, Now.AddHours(-2)), new Engagement("u", "old", EngagementKind.Like, Now.AddDays(-20))]);
        var w = new World(data);

        await w.Realtime.WarmAsync(TestContext.Current.CancellationToken);

        Assert.True(w.Popularity.PostPopularity("recent", Now) > 0);
        Assert.True(w.Popularity.AuthorPopularity("author", Now) > 0);
        Assert.Equal(0.0, w.Popularity.PostPopularity("old", Now));
        Assert.True(w.Posts.TryGet("recent", out _));
        Assert.False(w.Posts.TryGet("old", out _));
        Assert.Equal(0, w.Users.Count);
    }

    private sealed class World
    {
        public World(InMemoryDataSource data)
        {
            var options = new RecommenderOptions();
            Popularity = new PopularityIndex(options.Heuristic);
            Users = new UserStateStore(options.Serving);
            Posts = new PostResolver(data, options.Serving);
            Metrics = new RecommenderMetrics(null, () => null);
            Realtime = new RealtimeUpdates(options, data, Popularity, Users, Posts, Metrics, new FakeTimeProvider(Now));
        }

        public PopularityIndex Popularity { get; }

        public UserStateStore Users { get; }

        public PostResolver Posts { get; }

        public RecommenderMetrics Metrics { get; }

        public RealtimeUpdates Realtime { get; }
    }
}
