using Recommender.Data;
using Recommender.Ranking;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Ranking;

/// <summary>Issue 3's bad input: every odd request has a defined, tested outcome.</summary>
public sealed class HybridRankerInputTests
{
    [Fact]
    public void Rank_UnknownUser_RanksEveryCandidateAsColdStart()
    {
        var candidates = RecentPosts(2);

        var ranked = Ranker().Rank("someone-new", candidates);

        Assert.Equal(candidates.Length, ranked.Count);
        Assert.All(ranked, r => Assert.Equal(RecommendationSource.ColdStart, r.Source));
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score) && r.Score is > 0f and < 1f));
    }

    [Fact]
    public void Rank_UnknownCandidates_AreRankedAsNewPostsAmongKnownOnes()
    {
        var user = ActiveUsers(1)[0];
        var known = RecentPosts(2).Take(20).ToList();
        var unknown = new[] { NewPost("brand-new-1", "u001", "cooking"), NewPost("brand-new-2", "nobody-knows-me", "knitting") };

        var ranked = Ranker().Rank(user, [.. known, .. unknown]);

        Assert.Contains(ranked, r => r.PostId == "brand-new-1" && r.Source == RecommendationSource.ColdStart);
        Assert.Contains(ranked, r => r.PostId == "brand-new-2" && r.Source == RecommendationSource.ColdStart);
        Assert.All(ranked.Where(r => !r.PostId.StartsWith("brand-new", StringComparison.Ordinal)), r => Assert.Equal(RecommendationSource.Model, r.Source));
    }

    [Fact]
    public void Rank_DuplicateCandidateIds_RanksEachPostOnce()
    {
        var posts = RecentPosts(1).Take(10).ToArray();
        Post[] candidates = [.. posts, .. posts, posts[0], posts[0] with { Tags = ["something", "else"] }];

        var ranked = Ranker().Rank("someone-new", candidates);

        Assert.Equal(posts.Length, ranked.Count);
        Assert.Equal(posts.Select(p => p.Id).Order(StringComparer.Ordinal), ranked.Select(r => r.PostId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rank_EmptyCandidateList_ReturnsEmpty()
    {
        Assert.Empty(Ranker().Rank(ActiveUsers(1)[0], []));
        Assert.Empty(Ranker().Rank("someone-new", Array.Empty<Post>()));
    }

    [Fact]
    public void Rank_100kCandidates_RanksThemAllFinitelyAndInOrder()
    {
        var user = ActiveUsers(1)[0];
        var known = Feed.Posts;
        var candidates = new List<Post>(100_000);
        candidates.AddRange(known);
        for (var i = candidates.Count; i < 100_000; i++)
        {
            candidates.Add(new Post($"n{i:D6}", i % 7 == 0 ? null : $"u{i % 300:D3}", Now.AddMinutes(-(i % 5_000))) { Tags = i % 3 == 0 ? [] : ["cooking"] });
        }

        var ranked = Ranker(new RankingOptions { MaxAuthorRun = 0 }).Rank(user, candidates);

        var seen = Feed.Engagements.Where(e => e.UserId == user).Select(e => e.PostId).Distinct().Count();
        Assert.Equal(100_000 - seen, ranked.Count);
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score)));
        AssertSortedByScoreThenId(ranked);
    }

    [Fact]
    public void Rank_PostWithoutTagsOrAuthor_GetsAFiniteColdStartScore()
    {
        var bare = new Post("bare", null, Now.AddHours(-1));
        var user = ActiveUsers(1)[0];

        var ranked = Ranker().Rank(user, [bare, .. RecentPosts(1).Take(5)]);
        var forNewUser = Ranker().Rank("someone-new", [bare]);

        var result = Assert.Single(ranked, r => r.PostId == "bare");
        Assert.True(float.IsFinite(result.Score) && result.Score is > 0f and < 1f);
        Assert.Equal(RecommendationSource.ColdStart, result.Source);
        Assert.True(float.IsFinite(Assert.Single(forNewUser).Score));
    }

    [Fact]
    public void Rank_UserWhoseEveryEngagementIsNegative_IsRankedWithoutTheHiddenPosts()
    {
        var hidden = Feed.Posts.Take(30).ToArray();
        Engagement[] grumpy = [.. hidden.Select((p, i) => new Engagement("grumpy", p.Id, i % 2 == 0 ? EngagementKind.Hide : EngagementKind.Report, Now.AddHours(-i - 1)))];
        var model = Trainer().Fit(Feed.Users, Feed.Posts, [.. Feed.Engagements, .. grumpy], Feed.Follows, null, TestContext.Current.CancellationToken);
        var candidates = hidden.Concat(RecentPosts(1)).ToArray();

        var ranked = Ranker(model: model).Rank("grumpy", candidates);
        var kept = Ranker(new RankingOptions { DropSeen = false }, model).Rank("grumpy", candidates);

        Assert.Equal(candidates.Length - hidden.Length, ranked.Count);
        Assert.DoesNotContain(ranked, r => hidden.Any(h => h.Id == r.PostId));
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score) && r.Score is >= 0f and <= 1f));
        Assert.Equal(candidates.Length, kept.Count);
        Assert.NotEmpty(Ranker(model: model).Recommend("grumpy", 20));
    }

    [Fact]
    public void Rank_SameRequestTwice_GivesTheSameOrder()
    {
        var user = ActiveUsers(2)[1];
        var candidates = RecentPosts(3);

        var first = Ranker().Rank(user, candidates);
        var second = Ranker().Rank(user, [.. candidates.Reverse()]);

        Assert.Equal(first.Select(r => (r.PostId, r.Score)), second.Select(r => (r.PostId, r.Score)));
    }

    [Fact]
    public void Rank_EqualScores_AreOrderedByPostId()
    {
        // Identical posts but for the id: same features, same score.
        var at = Now.AddHours(-3);
        string[] ids = ["p-b", "p-a", "p-10", "p-2", "P-z", "p-1"];
        var candidates = ids.Select(id => new Post(id, null, at) { Tags = ["cooking"] }).ToArray();

        var ranked = Ranker().Rank("someone-new", candidates);

        Assert.Single(ranked.Select(r => r.Score).Distinct());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ranked.Select(r => r.PostId));
    }

    [Fact]
    public void Rank_ProgrammerErrors_ThrowNamingTheProblem()
    {
        var ranker = Ranker();
        var post = RecentPosts(1)[0];

        Assert.Throws<ArgumentException>("userId", () => ranker.Rank(null!, [post]));
        Assert.Throws<ArgumentException>("userId", () => ranker.Rank("", [post]));
        Assert.Throws<ArgumentNullException>("candidates", () => ranker.Rank("u", null!));
        Assert.Contains("Candidate 1 is null", Assert.Throws<ArgumentException>("candidates", () => ranker.Rank("u", [post, null!])).Message, StringComparison.Ordinal);
        Assert.Contains("Candidate 0 has no id", Assert.Throws<ArgumentException>("candidates", () => ranker.Rank("u", [post with { Id = "" }])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("count", () => ranker.Recommend("u", -1));
        Assert.Throws<ArgumentException>("userIds", () => ranker.RecommendBatch(["u", ""], 5));
        Assert.Throws<ArgumentNullException>(() => new HybridRanker(null!));
        Assert.Throws<ArgumentException>(() => new HybridRanker(Model, new RankingOptions { MaxAuthorRun = -1 }));
    }

    [Fact]
    public void Recommend_ZeroCount_Throws_AsTheEngineDoes()
    {
        var ranker = Ranker();
        var user = ActiveUsers(1)[0];

        Assert.Throws<ArgumentOutOfRangeException>("count", () => ranker.Recommend(user, 0));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => ranker.RecommendBatch([user], 0));
        Assert.Single(ranker.Recommend(user, 1));
    }

    internal static void AssertSortedByScoreThenId(IReadOnlyList<RankedPost> ranked)
    {
        for (var i = 1; i < ranked.Count; i++)
        {
            var (a, b) = (ranked[i - 1], ranked[i]);
            Assert.True(a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.PostId, b.PostId) < 0), $"Out of order at {i}: {a} then {b}.");
        }
    }
}
