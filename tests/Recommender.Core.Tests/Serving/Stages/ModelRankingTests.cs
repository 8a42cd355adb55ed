using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving.Stages;

public class ModelRankingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RankAsync_AnswersAsTheContextsRanker_AndReportsUnknownIds()
    {
        var (ranking, _, state) = await CreateAsync();
        var user = ServingWorld.ActiveUser;
        var posts = ServingWorld.RecentPosts(40);
        var bare = state.Default!.Value.Ranker.Rank(user, posts);

        var result = await ranking.RankAsync(StageWorld.Context(state, user), [.. posts.Select(p => p.Id), "nowhere"], null, null, Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal("v1", result.ModelVersion);
        Assert.Equal(["nowhere"], result.UnknownCandidates);
        Assert.Equal(bare.Select(i => (i.PostId, i.Score)), result.Items.Select(i => (i.PostId, i.Score)));
    }

    [Fact]
    public async Task RankAsync_RecordedEngagements_AreFoldedIn_AndSeenPostsLeftOut()
    {
        var (ranking, users, state) = await CreateAsync();
        var user = ServingWorld.ActiveUser;
        var ids = ServingWorld.RecentPostIds(60);
        var before = await ranking.RankAsync(StageWorld.Context(state, user), ids, null, null, Token);
        var liked = before.Items[^1].PostId;

        users.Record(new Engagement(user, liked, EngagementKind.Share, ServingWorld.Now.AddMinutes(1)));
        var after = await ranking.RankAsync(StageWorld.Context(state, user), ids, null, null, Token);

        Assert.DoesNotContain(after.Items, i => i.PostId == liked);
        var scoresBefore = before.Items.ToDictionary(i => i.PostId, i => i.Score);
        Assert.Contains(after.Items, i => scoresBefore[i.PostId] != i.Score);
    }

    [Fact]
    public async Task RecommendAsync_GivesUpToCountPosts_FromTheContextsModel()
    {
        var (ranking, _, state) = await CreateAsync();

        var result = await ranking.RecommendAsync(StageWorld.Context(state, ServingWorld.ActiveUser), 7, null, Token);

        Assert.Equal(7, result.Items.Count);
        Assert.Equal("v1", result.ModelVersion);
        Assert.Equal(ModelVariants.Default, result.Variant);
    }

    private static async Task<(ModelRanking Ranking, UserStateStore Users, ServingState State)> CreateAsync()
    {
        var options = new RecommenderOptions();
        var time = new FakeTimeProvider(ServingWorld.Now);
        var data = ServingWorld.NewData();
        var posts = new PostResolver(data, options.Serving);
        var users = new UserStateStore(options.Serving);
        var registry = new ModelRegistry(new InMemoryModelStore(), null, time);
        var swap = new ModelSwap(registry, options, data, posts, new PopularityIndex(options.Heuristic), users, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        return (new ModelRanking(options, posts, users, swap, time), users, await StageWorld.StateAsync());
    }
}
