using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class HeuristicFallbackTests
{
    private static readonly DateTimeOffset Now = ServingWorld.Now;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswerAsync_MarksTheAnswerAsAFallback_WithItsReason()
    {
        var answer = new RecommendationResult { UserId = "u", Items = [], Source = RecommendationSource.Model, ModelVersion = "v1" };

        var marked = await HeuristicFallback.AnswerAsync((_, _) => ValueTask.FromResult(answer), StageWorld.Context(ServingState.Empty), FallbackReason.Timeout, Token);

        Assert.Equal(RecommendationSource.Fallback, marked.Source);
        Assert.Equal(FallbackReason.Timeout, marked.FallbackReason);
        Assert.Null(marked.ModelVersion);
    }

    [Fact]
    public async Task RankAsync_PopularFirst_NewestFirstWhenEngagementRankingIsOff()
    {
        var w = new World();
        w.Data.AddPosts([new Post("older-popular", "a", Now.AddDays(-2)), new Post("newer", "b", Now.AddMinutes(-1))]);
        for (var i = 0; i < 50; i++)
        {
            w.Popularity.Add(new Engagement($"u{i}", "older-popular", EngagementKind.Like, Now.AddHours(-1)));
        }

        var popular = await w.Fallback.RankAsync(StageWorld.Context(ServingState.Empty), ["newer", "older-popular", "nowhere"], null, null, Token);
        var newest = await w.Fallback.RankAsync(StageWorld.Context(ServingState.Empty, engagement: false), ["newer", "older-popular"], null, null, Token);

        Assert.Equal(["older-popular", "newer"], popular.Items.Select(i => i.PostId));
        Assert.Equal(["nowhere"], popular.UnknownCandidates);
        Assert.All(popular.Items, i => Assert.Equal(RecommendationSource.Fallback, i.Source));
        Assert.Equal(["newer", "older-popular"], newest.Items.Select(i => i.PostId));
    }

    [Fact]
    public async Task RankAsync_LookupFails_RanksFromLocalKnowledge_UnknownIdsIncluded()
    {
        var w = new World();
        w.Source.OnFind = (_, _) => throw new InvalidOperationException("down");

        var result = await w.Fallback.RankAsync(StageWorld.Context(ServingState.Empty), ["a", "b"], [new Post("a", null, Now)], null, Token);

        Assert.Equal(["a", "b"], result.Items.Select(i => i.PostId));
        Assert.Empty(result.UnknownCandidates);
    }

    [Fact]
    public async Task RankAsync_BudgetSpent_DoesNotAskTheDataSourceAgain()
    {
        var w = new World();

        var result = await w.Fallback.RankAsync(StageWorld.Context(ServingState.Empty) with { BudgetSpent = true }, ["a"], null, null, Token);

        Assert.Equal(["a"], result.Items.Select(i => i.PostId));
        Assert.Equal(0, w.Source.FindCalls);
    }

    [Fact]
    public async Task RecommendAsync_RememberedRecentPosts_LeavingOutWhatTheUserEngagedWith()
    {
        var w = new World();
        w.Posts.Remember(new Post("recent", null, Now.AddDays(-1)));
        w.Posts.Remember(new Post("seen", null, Now.AddDays(-1)));
        w.Posts.Remember(new Post("too-old", null, Now.AddDays(-30)));
        w.Users.Record(new Engagement("u", "seen", EngagementKind.Like, Now));

        var result = await w.Fallback.RecommendAsync(StageWorld.Context(ServingState.Empty), 10, null, Token);

        Assert.Equal(["recent"], result.Items.Select(i => i.PostId));
    }

    private sealed class World
    {
        public World()
        {
            var options = new RecommenderOptions();
            var time = new FakeTimeProvider(Now);
            Source = new DelegatingDataSource(Data);
            Popularity = new PopularityIndex(options.Heuristic);
            Posts = new PostResolver(Source, options.Serving);
            Users = new UserStateStore(options.Serving);
            Fallback = new HeuristicFallback(options, Popularity, Posts, Users, new TimeBudget(options.Serving, time, CancellationToken.None), time);
        }

        public InMemoryDataSource Data { get; } = new();

        public DelegatingDataSource Source { get; }

        public PopularityIndex Popularity { get; }

        public PostResolver Posts { get; }

        public UserStateStore Users { get; }

        public HeuristicFallback Fallback { get; }
    }
}
