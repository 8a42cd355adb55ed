using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

/// <summary>Every input has a defined outcome: null collections are empty, oversized ids are bounded, a cancelled call throws.</summary>
public class RecommenderEngineInputTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RankAsync_PostWithNullTags_IsRankedAsAPostWithoutTags()
    {
        await using var t = await ServingWorld.StartAsync();
        var known = ServingWorld.RecentPosts(5);
        var bare = new Post("no-tags", known[0].AuthorId, ServingWorld.Now.AddMinutes(-5)) { Tags = null!, Text = known[0].Text };
        var empty = bare with { Id = "empty-tags", Tags = [] };

        var result = await t.Engine.RankAsync(ServingWorld.ActiveUser, [.. known, bare, empty], cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal(7, result.Items.Count);
        Assert.Equal(result.Items.Single(i => i.PostId == "empty-tags").Score, result.Items.Single(i => i.PostId == "no-tags").Score);
    }

    [Fact]
    public async Task RankAsync_DataSourcePostWithNullTags_IsRankedByTheModel()
    {
        await using var t = await ServingWorld.StartAsync();
        var late = RecommenderEngineRankTests.LatePosts(t, 2, "tagless").Select(p => p with { Tags = null! }).ToArray();
        t.Data.AddPosts(late);

        var result = await t.Engine.RankAsync(ServingWorld.ActiveUser, [.. late.Select(p => p.Id)], cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal(2, result.Items.Count);
    }

    [Fact]
    public void Post_NullTags_ReadsAsEmpty()
    {
        var post = new Post("p", null, ServingWorld.Now) { Tags = null! };

        Assert.NotNull(post.Tags);
        Assert.Empty(post.Tags);
        Assert.Equal(new Post("p", null, ServingWorld.Now), post);
    }

    [Fact]
    public async Task RankAsync_NullPost_ThrowsNamingItsIndex()
    {
        await using var t = await ServingWorld.StartAsync();
        var posts = ServingWorld.RecentPosts(3).ToList();
        posts.Insert(2, null!);

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", posts, cancellationToken: Token));

        Assert.Equal("candidates", ex.ParamName);
        Assert.Contains("candidates[2] is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RankAsync_CancelledToken_ThrowsEvenWhenTheAnswerIsCached()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(10);
        await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        Assert.True((await t.Engine.RankAsync("u", ids, cancellationToken: Token)).FromCache);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t.Engine.RankAsync("u", ids, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t.Engine.RankAsync("u", ServingWorld.RecentPosts(10), cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task RecommendAsync_CancelledToken_ThrowsEvenWhenTheAnswerIsCached()
    {
        await using var t = await ServingWorld.StartAsync();
        await t.Engine.RecommendAsync("u", 5, cancellationToken: Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t.Engine.RecommendAsync("u", 5, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task FeatureLookups_CancelledToken_Throw()
    {
        await using var t = await ServingWorld.StartAsync();
        var post = ServingWorld.RecentPostIds(1)[0];
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t.Engine.GetPostFeaturesAsync(post, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t.Engine.GetPairFeaturesAsync("u", post, cancelled.Token));
    }

    [Fact]
    public async Task CancelledToken_ArgumentErrorsStillComeFirst()
    {
        await using var t = await ServingWorld.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankAsync("", ["p"], cancellationToken: cancelled.Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await t.Engine.RecommendAsync("u", 0, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task UserIdLongerThanMaxIdLength_Throws_NamingTheLimit()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = new string('u', 257);

        var rank = await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankAsync(user, ["p"], cancellationToken: Token));
        Assert.Equal("userId", rank.ParamName);
        Assert.Contains("MaxIdLength (256)", rank.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecommendAsync(user, 5, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecommendBatchAsync(["u", user], 5, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.GetUserFeaturesAsync(user, Token));
        var engagement = await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement(user, "p", EngagementKind.Like, ServingWorld.Now), Token));
        Assert.Contains("MaxIdLength (256)", engagement.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RecordEngagementAsync(new Engagement("u", new string('p', 257), EngagementKind.Like, ServingWorld.Now), Token));

        // At the limit is fine.
        Assert.Equal(RecommendationSource.Model, (await t.Engine.RankAsync(new string('u', 256), ServingWorld.RecentPostIds(3), cancellationToken: Token)).Source);
    }

    [Fact]
    public async Task CandidateIdLongerThanMaxIdLength_IsReportedUnknown_WithoutALookup()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.MaxIdLength = 64);
        var ids = ServingWorld.RecentPostIds(3);
        var tooLong = new string('x', 65);

        var result = await t.Engine.RankAsync("u", [.. ids, tooLong], cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal([tooLong], result.UnknownCandidates);
        Assert.Equal(3, result.Items.Count);
        Assert.Equal(0, t.Source.FindCalls);
    }

    [Fact]
    public async Task HostPostWithAnIdLongerThanMaxIdLength_IsReportedUnknown_NotRanked()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.MaxIdLength = 64);
        var known = ServingWorld.RecentPosts(3);
        var tooLong = known[0] with { Id = new string('x', 65) };

        var result = await t.Engine.RankAsync("u", [.. known, tooLong], cancellationToken: Token);

        Assert.Equal([tooLong.Id], result.UnknownCandidates);
        Assert.Equal(3, result.Items.Count);
    }

    [Fact]
    public async Task CandidateIdLongerThanMaxIdLength_InAFallbackAnswer_IsReportedUnknown()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.MaxIdLength = 64, activate: false);
        var ids = ServingWorld.RecentPostIds(3);
        var tooLong = new string('x', 65);

        var result = await t.Engine.RankAsync("u", [.. ids, tooLong], cancellationToken: Token);

        Assert.Equal(FallbackReason.NoModel, result.FallbackReason);
        Assert.Equal([tooLong], result.UnknownCandidates);
        Assert.Equal(3, result.Items.Count);
    }
}
