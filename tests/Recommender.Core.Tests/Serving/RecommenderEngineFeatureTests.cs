using Recommender.Core.Tests.Serving.Support;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineFeatureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserFeatures_KnownAndUnknownUsers()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;

        var known = await t.Engine.GetUserFeaturesAsync(user, Token);
        var unknown = await t.Engine.GetUserFeaturesAsync("nobody", Token);

        Assert.True(known.IsKnown);
        Assert.Equal(user, known.UserId);
        Assert.Equal(ServingWorld.Feed.Engagements.Count(e => e.UserId == user), known.TotalEngagements);
        Assert.False(unknown.IsKnown);
        Assert.Equal(0, unknown.TotalEngagements);
    }

    [Fact]
    public async Task UserFeatures_WithoutAModel_AreEmpty()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);

        var features = await t.Engine.GetUserFeaturesAsync(ServingWorld.ActiveUser, Token);

        Assert.False(features.IsKnown);
        Assert.Equal(8, features.CountsByKind.Count);
        Assert.All(features.CountsByKind, c => Assert.Equal(0, c));
        Assert.Null(await t.Engine.GetPostFeaturesAsync(ServingWorld.RecentPostIds(1)[0], Token));
        Assert.Null(await t.Engine.GetPairFeaturesAsync("u", ServingWorld.RecentPostIds(1)[0], Token));
    }

    [Fact]
    public async Task PostFeatures_ModelPosts_SourcePosts_AndUnknownIds()
    {
        await using var t = await ServingWorld.StartAsync();
        var post = ServingWorld.RecentPosts(1)[0];
        var late = RecommenderEngineRankTests.LatePosts(t, 1)[0];

        var known = await t.Engine.GetPostFeaturesAsync(post.Id, Token);
        var fromSource = await t.Engine.GetPostFeaturesAsync(late.Id, Token);

        Assert.NotNull(known);
        Assert.True(known.IsKnown);
        Assert.Equal(post.AuthorId, known.AuthorId);
        Assert.NotNull(fromSource);
        Assert.False(fromSource.IsKnown);
        Assert.Equal(late.Tags, fromSource.Tags);
        Assert.Null(await t.Engine.GetPostFeaturesAsync("nope", Token));
    }

    [Fact]
    public async Task PairFeatures_KnownPair_AndUnknownPost()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var post = ServingWorld.Feed.Engagements.First(e => e.UserId == user).PostId;

        var pair = await t.Engine.GetPairFeaturesAsync(user, post, Token);

        Assert.NotNull(pair);
        Assert.True(pair.UserKnown);
        Assert.True(pair.PostKnown);
        Assert.Null(await t.Engine.GetPairFeaturesAsync(user, "nope", Token));
    }

    [Fact]
    public async Task PostFeatures_FailingSource_Throws_ButKnownPostsNeedNoSource()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Source.OnFind = (_, _) => throw new InvalidOperationException("down");

        Assert.NotNull(await t.Engine.GetPostFeaturesAsync(ServingWorld.RecentPostIds(1)[0], Token));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await t.Engine.GetPostFeaturesAsync("only-in-the-source", Token));
    }
}
