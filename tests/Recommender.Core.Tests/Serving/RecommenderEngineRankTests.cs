using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineRankTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RankAsync_ActiveModel_AnswersLikeTheBareRanker()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var posts = ServingWorld.RecentPosts(60);
        var bare = new HybridRanker(ServingWorld.Load(await ServingWorld.ModelA), t.Engine.Options.Ranking, t.Time).Rank(user, posts);

        var byIds = await t.Engine.RankAsync(user, [.. posts.Select(p => p.Id)], cancellationToken: Token);
        var byPosts = await t.Engine.RankAsync(user, posts, cancellationToken: Token);

        foreach (var result in new[] { byIds, byPosts })
        {
            Assert.Equal(RecommendationSource.Model, result.Source);
            Assert.Equal(FallbackReason.None, result.FallbackReason);
            Assert.Equal("v1", result.ModelVersion);
            Assert.Equal("default", result.Variant);
            Assert.Equal(user, result.UserId);
            Assert.False(result.FromCache);
            Assert.Empty(result.UnknownCandidates);
            Assert.Equal(bare.Select(i => (i.PostId, i.Score)), result.Items.Select(i => (i.PostId, i.Score)));
        }
    }

    [Fact]
    public async Task RankAsync_UnknownIds_AreReported_AndNotRanked()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(10).Concat(["nope-1", "nope-2"]).ToArray();

        var result = await t.Engine.RankAsync("someone-new", ids, cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.Equal(["nope-1", "nope-2"], result.UnknownCandidates);
        Assert.Equal(10, result.Items.Count);
        Assert.DoesNotContain(result.Items, i => i.PostId.StartsWith("nope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RankAsync_PostsOnlyInTheDataSource_AreLookedUpOnce_AndRanked()
    {
        await using var t = await ServingWorld.StartAsync();
        var late = LatePosts(t, 3);

        var first = await t.Engine.RankAsync("someone-new", [.. late.Select(p => p.Id)], cancellationToken: Token);
        var calls = t.Source.FindCalls;
        await t.Engine.RankAsync("someone-else", [.. late.Select(p => p.Id)], cancellationToken: Token);

        Assert.Equal(1, calls);
        Assert.Equal(1, t.Source.FindCalls); // remembered after the first lookup
        Assert.Empty(first.UnknownCandidates);
        Assert.Equal(late.Select(p => p.Id).Order(StringComparer.Ordinal), first.Items.Select(i => i.PostId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RankAsync_Duplicates_AreRankedOnce()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(5);

        var withDuplicates = await t.Engine.RankAsync("someone-new", [ids[0], ids[1], ids[0], ids[2], ids[3], ids[1], ids[4], ids[4]], cancellationToken: Token);
        var plain = await t.Engine.RankAsync("someone-new", ids, cancellationToken: Token);

        Assert.Equal(5, withDuplicates.Items.Count);
        Assert.Equal(plain.Items.Select(i => (i.PostId, i.Score)), withDuplicates.Items.Select(i => (i.PostId, i.Score)));
    }

    [Fact]
    public async Task RankAsync_HostDescribedPosts_NotStoredAnywhere_AreRankedColdStart()
    {
        await using var t = await ServingWorld.StartAsync();
        var known = ServingWorld.RecentPosts(5);
        var fresh = new Post("brand-new", known[0].AuthorId, ServingWorld.Now.AddMinutes(-5)) { Tags = known[0].Tags, Text = known[0].Text };

        var result = await t.Engine.RankAsync(ServingWorld.ActiveUser, [.. known, fresh], cancellationToken: Token);

        Assert.Empty(result.UnknownCandidates);
        var item = Assert.Single(result.Items, i => i.PostId == "brand-new");
        Assert.Equal(RecommendationSource.ColdStart, item.Source);
        Assert.Equal(0, t.Source.FindCalls);
    }

    [Fact]
    public async Task RankAsync_Filter_LeavesOutPostsAuthorsAndTags()
    {
        await using var t = await ServingWorld.StartAsync();
        var posts = ServingWorld.RecentPosts(80);
        var filter = new RankingFilter { ExcludePostIds = [posts[0].Id], ExcludeAuthorIds = [posts[1].AuthorId!], ExcludeTags = [posts[2].Tags[0]] };

        var result = await t.Engine.RankAsync("someone-new", [.. posts.Select(p => p.Id)], filter, Token);

        var byId = posts.ToDictionary(p => p.Id);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i =>
        {
            Assert.NotEqual(posts[0].Id, i.PostId);
            Assert.NotEqual(posts[1].AuthorId, byId[i.PostId].AuthorId);
            Assert.DoesNotContain(posts[2].Tags[0], byId[i.PostId].Tags);
        });
    }

    [Fact]
    public async Task RankAsync_NoCandidates_GivesAnEmptyModelAnswer()
    {
        await using var t = await ServingWorld.StartAsync();

        var result = await t.Engine.RankAsync("u", Array.Empty<string>(), cancellationToken: Token);

        Assert.Empty(result.Items);
        Assert.Equal(RecommendationSource.Model, result.Source);
    }

    [Fact]
    public async Task RankAsync_MoreThanMaxCandidates_Throws_NamingTheLimit()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.MaxCandidates = 10);
        var ids = ServingWorld.RecentPostIds(11);

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", ids, cancellationToken: Token));
        Assert.Contains("MaxCandidates (10)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("candidateIds", ex.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", ServingWorld.RecentPosts(11), cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.Engine.RankBatchAsync([new RankRequest("u", ids)], Token));
        Assert.Equal(10, (await t.Engine.RankAsync("u", [.. ids.Take(10)], cancellationToken: Token)).Items.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_001)]
    public async Task RecommendAsync_CountOutOfRange_Throws(int count)
    {
        await using var t = await ServingWorld.StartAsync();

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await t.Engine.RecommendAsync("u", count, cancellationToken: Token));
        Assert.Equal("count", ex.ParamName);
        Assert.Contains("MaxCount (1000)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public async Task RecommendAsync_ReturnsAtMostCount_DistinctPosts(int count)
    {
        await using var t = await ServingWorld.StartAsync();

        var result = await t.Engine.RecommendAsync(ServingWorld.ActiveUser, count, cancellationToken: Token);

        Assert.Equal(RecommendationSource.Model, result.Source);
        Assert.InRange(result.Items.Count, 1, count);
        Assert.Equal(result.Items.Count, result.Items.Select(i => i.PostId).Distinct().Count());
        // (Not strictly sorted by score: the feed is diversified so that one author does not fill a run.)
    }

    [Fact]
    public async Task RecommendAsync_DoesNotRecommendWhatTheUserAlreadyEngagedWith()
    {
        await using var t = await ServingWorld.StartAsync();
        var user = ServingWorld.ActiveUser;
        var seen = ServingWorld.Feed.Engagements.Where(e => e.UserId == user).Select(e => e.PostId).ToHashSet();

        var result = await t.Engine.RecommendAsync(user, 50, cancellationToken: Token);

        Assert.DoesNotContain(result.Items, i => seen.Contains(i.PostId));
    }

    [Fact]
    public async Task BadIds_AreProgrammerErrors_NamingTheArgument()
    {
        await using var t = await ServingWorld.StartAsync();
        var ids = ServingWorld.RecentPostIds(3);

        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync(null!, ids, cancellationToken: Token))).ParamName);
        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("", ids, cancellationToken: Token))).ParamName);
        Assert.Equal("candidateIds", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", (IReadOnlyList<string>)null!, cancellationToken: Token))).ParamName);
        var empty = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", [ids[0], "", ids[1]], cancellationToken: Token));
        Assert.Contains("candidateIds[1]", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", [ids[0], null!], cancellationToken: Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", [new Post("", null, ServingWorld.Now)], cancellationToken: Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankAsync("u", [(Post)null!], cancellationToken: Token));
        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RecommendAsync("", 5, cancellationToken: Token))).ParamName);
        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.GetUserFeaturesAsync("", Token))).ParamName);
        Assert.Equal("postId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.GetPostFeaturesAsync(null!, Token))).ParamName);
        Assert.Equal("postId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.GetPairFeaturesAsync("u", "", Token))).ParamName);
        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.GetPairFeaturesAsync("", "p", Token))).ParamName);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankBatchAsync([new RankRequest("u", ids), null!], Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RankBatchAsync([new RankRequest("", ids)], Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RecommendBatchAsync(["u", ""], 5, cancellationToken: Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await t.Engine.RecommendBatchAsync(["u"], -1, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await t.Engine.RankBatchAsync(null!, Token));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await t.Engine.RecommendBatchAsync(null!, 5, cancellationToken: Token));
    }

    [Fact]
    public async Task Batches_AnswerInRequestOrder()
    {
        await using var t = await ServingWorld.StartAsync();
        var users = ServingWorld.Feed.Users.Take(12).Select(u => u.Id).ToArray();
        var ids = ServingWorld.RecentPostIds(20);

        var ranked = await t.Engine.RankBatchAsync([.. users.Select(u => new RankRequest(u, ids))], Token);
        var recommended = await t.Engine.RecommendBatchAsync(users, 5, cancellationToken: Token);

        Assert.Equal(users, ranked.Select(r => r.UserId));
        Assert.Equal(users, recommended.Select(r => r.UserId));
        for (var i = 0; i < users.Length; i++)
        {
            var single = await t.Engine.RankAsync(users[i], ids, cancellationToken: Token);
            Assert.Equal(single.Items.Select(x => x.PostId), ranked[i].Items.Select(x => x.PostId));
        }
    }

    [Fact]
    public async Task RankBatchAsync_RequestPosts_WinOverLookups()
    {
        await using var t = await ServingWorld.StartAsync();
        var described = new Post("described-only", "someone", ServingWorld.Now) { Tags = ["music"] };

        var result = Assert.Single(await t.Engine.RankBatchAsync([new RankRequest("u", ["described-only"]) { Posts = [described] }], Token));

        Assert.Empty(result.UnknownCandidates);
        Assert.Equal("described-only", Assert.Single(result.Items).PostId);
        Assert.Equal(0, t.Source.FindCalls);
    }

    /// <summary>Posts added to the data source after the engine started, too old for its warm-up and catalogue refresh.</summary>
    internal static Post[] LatePosts(TestEngine t, int count, string prefix = "late")
    {
        var template = ServingWorld.RecentPosts(count);
        var posts = template.Select((p, i) => p with { Id = $"{prefix}-{i}", CreatedAt = ServingWorld.Now.AddDays(-30) }).ToArray();
        t.Data.AddPosts(posts);
        return posts;
    }
}
