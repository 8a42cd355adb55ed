using Recommender.Data;

namespace Recommender.SampleData.Tests;

public class LoyalFeedGeneratorTests
{
    private static SocialFeed Generate(int seed = 7) => LoyalFeedGenerator.Generate(new LoyalFeedOptions
    {
        Users = 600, Posts = 2_400, Days = 60, EngagementsPerUser = 40, Seed = seed,
    });

    private static readonly SocialFeed Feed = Generate();

    [Fact]
    public void Generate_SameSeed_IdenticalFeed_OtherSeedOtherFeed()
    {
        var again = Generate();

        Assert.Equal(Feed.Engagements, again.Engagements);
        Assert.Equal(Feed.Follows, again.Follows);
        Assert.Equal(Feed.Posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, string.Join('|', p.Tags))), again.Posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, string.Join('|', p.Tags))));
        Assert.NotEqual(Feed.Engagements, Generate(8).Engagements);
    }

    [Fact]
    public void Generate_Lurkers_OnlyView()
    {
        var lurkers = Feed.Profiles.Where(p => p.IsLurker).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(lurkers);
        var theirs = Feed.Engagements.Where(e => lurkers.Contains(e.UserId)).ToList();
        Assert.NotEmpty(theirs);
        Assert.All(theirs, e => Assert.Equal(EngagementKind.View, e.Kind));
        Assert.Contains(Feed.Engagements, e => !lurkers.Contains(e.UserId) && e.Kind == EngagementKind.Like);
    }

    [Fact]
    public void Generate_EngagementFallsWithPostAge()
    {
        var created = Feed.Posts.ToDictionary(p => p.Id, p => p.CreatedAt, StringComparer.Ordinal);
        var byDay = new int[4];
        foreach (var e in Feed.Engagements)
        {
            var day = (int)((e.Timestamp - created[e.PostId]).TotalDays);
            Assert.True(day >= 0, "no engagement before its post exists");
            if (day < byDay.Length)
            {
                byDay[day]++;
            }
        }

        Assert.True(byDay[0] > byDay[1] && byDay[1] > byDay[2] && byDay[2] > byDay[3], $"engagements on post-age days 0..3: {string.Join(", ", byDay)}");
    }

    [Fact]
    public void Generate_LoyaltyToFollowedAuthors_LastsTheWholeSpan()
    {
        var author = Feed.Posts.ToDictionary(p => p.Id, p => p.AuthorId ?? string.Empty, StringComparer.Ordinal);
        var follows = Feed.Follows.GroupBy(f => f.FollowerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.FolloweeId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var start = Feed.Engagements.Min(e => e.Timestamp);
        var end = Feed.Engagements.Max(e => e.Timestamp);
        var third = (end - start) / 3;

        double Share(DateTimeOffset from, DateTimeOffset to)
        {
            var rows = Feed.Engagements.Where(e => e.Timestamp >= from && e.Timestamp < to && follows.ContainsKey(e.UserId)).ToList();
            return rows.Count(e => follows[e.UserId].Contains(author[e.PostId])) / (double)rows.Count;
        }

        var early = Share(start, start + third);
        var late = Share(end - third, end.AddSeconds(1));

        // Posts by followed authors are a few percent of the catalogue; loyal users give them far more than that, early and late alike.
        Assert.True(early > 0.25 && late > 0.25, $"share of engagements on followed authors: first third {early:F3}, last third {late:F3}");
        Assert.True(Math.Abs(early - late) < 0.15, $"loyalty drifted: first third {early:F3}, last third {late:F3}");
    }

    [Fact]
    public void Validate_BadOptions_OneMessageNamingEach()
    {
        var ex = Assert.Throws<ArgumentException>(() => LoyalFeedGenerator.Generate(new LoyalFeedOptions { Users = 1, LurkerFraction = 1 }));

        Assert.Contains("Users", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LurkerFraction must be in [0, 1), was 1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
