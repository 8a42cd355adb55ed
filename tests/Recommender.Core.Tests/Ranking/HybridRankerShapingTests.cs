using Recommender.Data;
using Recommender.Ranking;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Ranking;

/// <summary>Issue 3's post-ranking steps, each switchable: drop seen posts, author diversity, caller filters.</summary>
public sealed class HybridRankerShapingTests
{
    private static readonly RankingOptions NoShaping = Shaping(0);

    private static RankingOptions Shaping(int maxAuthorRun) => new() { DropSeen = false, MaxAuthorRun = maxAuthorRun };

    [Fact]
    public void DropSeen_On_LeavesOutEveryPostTheUserEngagedWith_Off_KeepsThem()
    {
        var user = ActiveUsers(1)[0];
        var seen = Feed.Engagements.Where(e => e.UserId == user).Select(e => e.PostId).ToHashSet(StringComparer.Ordinal);
        var candidates = RecentPosts(4);
        Assert.Contains(candidates, p => seen.Contains(p.Id));

        var dropped = Ranker(new RankingOptions { DropSeen = true }).Rank(user, candidates);
        var kept = Ranker(new RankingOptions { DropSeen = false }).Rank(user, candidates);

        Assert.DoesNotContain(dropped, r => seen.Contains(r.PostId));
        Assert.Equal(candidates.Count(p => !seen.Contains(p.Id)), dropped.Count);
        Assert.Equal(candidates.Length, kept.Count);
        Assert.DoesNotContain(Ranker().Recommend(user, 100), r => seen.Contains(r.PostId));
    }

    [Fact]
    public void AuthorDiversity_On_BreaksLongRunsOfOneAuthor_Off_KeepsScoreOrder()
    {
        // A user's favourite author has many posts near the top; a few others fill in.
        var profile = Feed.Profiles.First(p => p.FavouriteAuthors.Count > 0 && Feed.Posts.Count(x => x.AuthorId == p.FavouriteAuthors[0]) >= 20);
        var favourite = profile.FavouriteAuthors[0];
        var candidates = Feed.Posts.Where(p => p.AuthorId == favourite).Concat(Feed.Posts.Where(p => p.AuthorId != favourite).Take(40)).ToArray();

        var off = Ranker(NoShaping).Rank(profile.UserId, candidates);
        var on = Ranker(Shaping(2)).Rank(profile.UserId, candidates);
        var three = Ranker(Shaping(3)).Rank(profile.UserId, candidates);

        Assert.True(LongestAvoidableRun(off, candidates) > 2, "the fixture must produce a long run without diversity");
        Assert.True(LongestAvoidableRun(on, candidates) <= 2);
        Assert.True(LongestAvoidableRun(three, candidates) <= 3);
        HybridRankerInputTests.AssertSortedByScoreThenId(off);
        Assert.Equal(off.Select(r => r.PostId).Order(StringComparer.Ordinal), on.Select(r => r.PostId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AuthorDiversity_MovesUpTheNextPostBySomeoneElse_AndKeepsTheRestInOrder()
    {
        // Unknown user, identical new posts but for author and age: the score order is the age order.
        var at = Now.AddHours(-1);
        Post P(string id, string? author, int minutesOlder) => new(id, author, at.AddMinutes(-minutesOlder)) { Tags = ["cooking"] };
        Post[] candidates = [P("a1", "alice", 0), P("a2", "alice", 1), P("a3", "alice", 2), P("a4", "alice", 3), P("b1", "bob", 4), P("n1", null, 5), P("n2", null, 6), P("n3", null, 7)];

        var ranked = Ranker(Shaping(2)).Rank("someone-new", candidates);

        Assert.Equal(["a1", "a2", "b1", "a3", "a4", "n1", "n2", "n3"], ranked.Select(r => r.PostId));
    }

    [Fact]
    public void AuthorDiversity_TellsAuthorsTheModelKnowsFromNewOnes()
    {
        // New posts by an author the model knows and by authors it has never seen, otherwise identical.
        var known = Feed.Posts[0].AuthorId!;
        var at = Now.AddHours(-1);
        Post P(string id, string? author, int minutesOlder) => new(id, author, at.AddMinutes(-minutesOlder)) { Tags = ["cooking"] };
        Post[] candidates = [P("k1", known, 0), P("k2", known, 1), P("k3", known, 2), P("z1", "zed-new", 3), P("z2", "zed-new", 4), P("z3", "zed-new", 5), P("y1", "yan-new", 6)];

        var ranked = Ranker(Shaping(2)).Rank("someone-new", candidates);

        Assert.Equal(["k1", "k2", "z1", "k3", "z2", "z3", "y1"], ranked.Select(r => r.PostId));
    }

    [Fact]
    public void Filters_ExcludeIdsAuthorsAndTags_InAnyCaseAndWithHash()
    {
        var user = ActiveUsers(1)[0];
        var candidates = RecentPosts(4);
        var excludedId = candidates[0].Id;
        var excludedAuthor = candidates[1].AuthorId!;
        var filter = new RankingFilter { ExcludePostIds = [excludedId], ExcludeAuthorIds = [excludedAuthor], ExcludeTags = ["#Cooking", "TRAVEL"] };

        var ranked = Ranker(NoShaping).Rank(user, candidates, filter);
        var recommended = Ranker().Recommend(user, 200, filter);

        foreach (var result in ranked.Concat(recommended))
        {
            var post = Feed.Posts.First(p => p.Id == result.PostId);
            Assert.NotEqual(excludedId, post.Id);
            Assert.NotEqual(excludedAuthor, post.AuthorId);
            Assert.DoesNotContain(post.Tags, t => t is "cooking" or "travel");
        }

        var unfiltered = Ranker(NoShaping).Rank(user, candidates);
        Assert.Contains(unfiltered, r => r.PostId == excludedId);
        Assert.True(unfiltered.Count > ranked.Count + 10);
        Assert.Equal(unfiltered.Count, Ranker(NoShaping).Rank(user, candidates, RankingFilter.None).Count);
    }

    [Fact]
    public void Explanations_ForAUserWithAClearTaste_MentionTheirTopic()
    {
        var users = Feed.Profiles.Where(p => p.Topics.Count == 1 && !p.IsAuthor)
            .Select(p => (Profile: p, Count: Feed.Engagements.Count(e => e.UserId == p.UserId)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Profile.UserId, StringComparer.Ordinal).Take(5).ToArray();
        Assert.Equal(5, users.Length);

        foreach (var (profile, _) in users)
        {
            var reasons = Ranker().Recommend(profile.UserId, 10).SelectMany(r => r.Reasons).ToArray();
            Assert.Contains($"because you liked posts tagged #{profile.Topics[0]}", reasons);
        }
    }

    [Fact]
    public void Explanations_AreWordsForTheFirstResultsOnly()
    {
        var user = ActiveUsers(1)[0];
        string[] fixedPhrases =
        [
            "popular with people who like what you like", "similar to posts you engaged with", "from an author you often engage with",
            "new from an author you follow", "from an author you follow", "new", "trending now", "from a popular author",
        ];

        var ranked = Ranker(new RankingOptions { ExplainTop = 5, MaxReasons = 2 }).Rank(user, RecentPosts(3));
        var silent = Ranker(new RankingOptions { ExplainTop = 0 }).Rank(user, RecentPosts(3));

        Assert.All(ranked.Take(5), r => Assert.InRange(r.Reasons.Count, 1, 2));
        Assert.All(ranked.Skip(5), r => Assert.Empty(r.Reasons));
        Assert.All(silent, r => Assert.Empty(r.Reasons));
        foreach (var reason in ranked.SelectMany(r => r.Reasons))
        {
            Assert.True(fixedPhrases.Contains(reason) || reason.StartsWith("because you ", StringComparison.Ordinal), reason);
        }

        Assert.All(ranked.Take(5), r => Assert.Equal(r.Reasons.Count, r.Reasons.Distinct().Count()));
    }

    [Fact]
    public void Source_IsModelForKnownPairs_ColdStartForNewPostsAndNewUsers()
    {
        var user = ActiveUsers(1)[0];
        var fresh = new[] { NewPost("fresh-1", "u001", "cooking", "baking"), NewPost("fresh-2", null) };
        var ranker = Ranker().WithPosts(fresh);

        var recommended = ranker.Recommend(user, 2_000);
        var forNewUser = ranker.Recommend("someone-new", 50);

        Assert.Equal(RecommendationSource.ColdStart, Assert.Single(recommended, r => r.PostId == "fresh-1").Source);
        Assert.Equal(RecommendationSource.ColdStart, Assert.Single(recommended, r => r.PostId == "fresh-2").Source);
        Assert.All(recommended.Where(r => !r.PostId.StartsWith("fresh-", StringComparison.Ordinal)), r => Assert.Equal(RecommendationSource.Model, r.Source));
        Assert.NotEmpty(forNewUser);
        Assert.All(forNewUser, r => Assert.Equal(RecommendationSource.ColdStart, r.Source));
        Assert.DoesNotContain(Ranker().Recommend(user, 2_000), r => r.PostId.StartsWith("fresh-", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_ReturnsAtMostCountDistinctPosts_SortedWhenDiversityIsOff()
    {
        var user = ActiveUsers(3)[2];

        var top = Ranker(new RankingOptions { MaxAuthorRun = 0 }).Recommend(user, 50);

        Assert.Equal(50, top.Count);
        Assert.Equal(50, top.Select(r => r.PostId).Distinct().Count());
        HybridRankerInputTests.AssertSortedByScoreThenId(top);
    }

    /// <summary>The longest run of one author that could have been broken (another author's post comes later).</summary>
    private static int LongestAvoidableRun(IReadOnlyList<RankedPost> ranked, IReadOnlyList<Post> posts)
    {
        var authors = ranked.Select(r => posts.First(p => p.Id == r.PostId).AuthorId).ToArray();
        var longest = 0;
        var run = 0;
        for (var i = 0; i < authors.Length; i++)
        {
            run = i > 0 && authors[i] is not null && authors[i] == authors[i - 1] ? run + 1 : 1;
            var breakable = authors.Skip(i + 1).Any(a => a != authors[i]);
            if (breakable)
            {
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }
}
