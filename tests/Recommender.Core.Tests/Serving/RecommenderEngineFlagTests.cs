using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineFlagTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MlRollout_ServesTheModelToExactlyTheUsersInTheSlice()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: true, RolloutPercentage: 30));
        await using var t = await ServingWorld.StartAsync(flags: flags);
        var ids = ServingWorld.RecentPostIds(5);

        var onModel = 0;
        for (var i = 0; i < 200; i++)
        {
            var user = $"user-{i}";
            var result = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
            var expected = UserBucket.Of(FeatureFlagNames.MlRecommendations, user) < 30;
            Assert.Equal(expected ? RecommendationSource.Model : RecommendationSource.Fallback, result.Source);
            Assert.Equal(expected ? FallbackReason.None : FallbackReason.Flag, result.FallbackReason);
            onModel += expected ? 1 : 0;
        }

        Assert.InRange(onModel, 30, 90);
    }

    [Fact]
    public async Task UndefinedFlag_UsesTheConfiguredDefault_AndAProviderFlagOverridesIt()
    {
        var flags = new InMemoryFeatureFlagProvider();
        await using var t = await ServingWorld.StartAsync(o => o.Serving.DefaultFlags[FeatureFlagNames.MlRecommendations] = 0, flags: flags);
        var ids = ServingWorld.RecentPostIds(5);

        Assert.Equal(FallbackReason.Flag, (await t.Engine.RankAsync("u", ids, cancellationToken: Token)).FallbackReason);
        flags.Set(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: true));
        Assert.Equal(RecommendationSource.Model, (await t.Engine.RankAsync("u", ids, cancellationToken: Token)).Source);
        flags.Remove(FeatureFlagNames.MlRecommendations);
        Assert.Equal(FallbackReason.Flag, (await t.Engine.RankAsync("u", ids, cancellationToken: Token)).FallbackReason);
    }

    [Theory]
    [InlineData(100, RecommendationSource.Model)]
    [InlineData(0, RecommendationSource.Fallback)]
    public async Task ThrowingFlagProvider_ConfiguredDefaultsApply(int mlDefault, RecommendationSource expected)
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.DefaultFlags[FeatureFlagNames.MlRecommendations] = mlDefault, flags: new ThrowingFlags());

        var ranked = await t.Engine.RankAsync(ServingWorld.ActiveUser, ServingWorld.RecentPostIds(10), cancellationToken: Token);
        var recommended = await t.Engine.RecommendAsync(ServingWorld.ActiveUser, 10, cancellationToken: Token);

        Assert.Equal(expected, ranked.Source);
        Assert.Equal(expected, recommended.Source);
        if (expected == RecommendationSource.Model)
        {
            // personalizedFeed defaults to on: a known user gets personal (not only cold-start) scores.
            Assert.Contains(ranked.Items, i => i.Source == RecommendationSource.Model);
        }
    }

    [Fact]
    public async Task PersonalizedFeedOff_RanksEveryoneAsANewUser()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.PersonalizedFeed, Enabled: false));
        await using var t = await ServingWorld.StartAsync(flags: flags);
        await using var personal = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(40);
        var user = ServingWorld.ActiveUser;

        var impersonal = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
        var personalised = await personal.Engine.RankAsync(user, ids, cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, impersonal.Source);
        Assert.All(impersonal.Items, i => Assert.Equal(RecommendationSource.ColdStart, i.Source));
        Assert.Contains(personalised.Items, i => i.Source == RecommendationSource.Model);
        var recommended = await t.Engine.RecommendAsync(user, 10, cancellationToken: Token);
        Assert.All(recommended.Items, i => Assert.Equal(RecommendationSource.ColdStart, i.Source));
    }

    [Fact]
    public async Task EngagementRankingOff_ModelIgnoresPopularity_HeuristicBecomesNewestFirst()
    {
        var off = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.EngagementRanking, Enabled: false));
        await using var t = await ServingWorld.StartAsync(flags: off);
        await using var on = await ServingWorld.StartAsync();
        var posts = ServingWorld.RecentPosts(200).Where((_, i) => i % 5 == 0).ToList();
        var ids = posts.Select(p => p.Id).ToList();

        var modelOff = await t.Engine.RankAsync("someone-new", ids, cancellationToken: Token);
        var modelOn = await on.Engine.RankAsync("someone-new", ids, cancellationToken: Token);
        Assert.NotEqual(modelOn.Items.Select(i => i.Score), modelOff.Items.Select(i => i.Score));

        off.Set(new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: false));
        var heuristic = await t.Engine.RankAsync("someone-new", ids, cancellationToken: Token);
        var created = posts.ToDictionary(p => p.Id, p => p.CreatedAt);
        Assert.Equal(FallbackReason.Flag, heuristic.FallbackReason);
        Assert.Equal(heuristic.Items.Select(i => created[i.PostId]).OrderDescending(), heuristic.Items.Select(i => created[i.PostId]));
    }

    private sealed class ThrowingFlags : IFeatureFlagProvider
    {
        public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("flag service unavailable");
    }
}
