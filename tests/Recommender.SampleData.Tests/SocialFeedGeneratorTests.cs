using Recommender.Data;

namespace Recommender.SampleData.Tests;

public class SocialFeedGeneratorTests
{
    private static readonly SocialFeedOptions Small = new() { Users = 300, Posts = 1_200, Days = 14, EngagementsPerUser = 30, Seed = 5 };

    private static SocialFeed Generate(int seed = 5) => SocialFeedGenerator.Generate(new SocialFeedOptions
    {
        Users = Small.Users, Posts = Small.Posts, Days = Small.Days, EngagementsPerUser = Small.EngagementsPerUser, Seed = seed,
    });

    [Fact]
    public void Generate_SameSeed_IdenticalFeed()
    {
        var a = Generate();
        var b = Generate();

        Assert.Equal(a.Engagements, b.Engagements);
        Assert.Equal(a.Follows, b.Follows);
        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.Posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text, string.Join('|', p.Tags))), b.Posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text, string.Join('|', p.Tags))));
        Assert.Equal(a.Profiles.Select(p => p.Name), b.Profiles.Select(p => p.Name));
    }

    [Fact]
    public void Generate_OtherSeed_OtherFeed()
    {
        Assert.NotEqual(Generate(5).Engagements, Generate(6).Engagements);
    }

    [Fact]
    public void Generate_Sizes_FollowTheOptions()
    {
        var feed = Generate();

        Assert.Equal(300, feed.Users.Count);
        Assert.Equal(1_200, feed.Posts.Count);
        Assert.Equal(300, feed.Users.Select(u => u.Id).Distinct().Count());
        Assert.Equal(1_200, feed.Posts.Select(p => p.Id).Distinct().Count());
        Assert.InRange(feed.Engagements.Count, 300 * 30 * 0.8, 300 * 30 * 1.2);
        Assert.Equal(12, feed.Topics.Count);
    }

    [Fact]
    public void Generate_TimesAreConsistent()
    {
        var feed = Generate();
        var created = feed.Posts.ToDictionary(p => p.Id, p => p.CreatedAt);
        var end = Small.Start.AddDays(Small.Days);

        Assert.All(feed.Posts, p => Assert.InRange(p.CreatedAt, Small.Start, end));
        Assert.All(feed.Engagements, e => Assert.True(e.Timestamp >= created[e.PostId], $"{e} before its post"));
        Assert.True(feed.Engagements.Zip(feed.Engagements.Skip(1)).All(pair => pair.First.Timestamp <= pair.Second.Timestamp), "engagements in time order");
        Assert.All(feed.Engagements, e => Assert.Equal(0, e.Timestamp.UtcTicks % TimeSpan.TicksPerSecond));
    }

    [Fact]
    public void Generate_UsersFollowTheirFavouriteAuthors_AndAuthorsPostOnTheirOwnTopics()
    {
        var feed = Generate();
        var follows = feed.Follows.Select(f => (f.FollowerId, f.FolloweeId)).ToHashSet();
        var profiles = feed.Profiles.ToDictionary(p => p.UserId);

        Assert.All(feed.Profiles, p =>
        {
            Assert.InRange(p.Topics.Count, 1, 3);
            Assert.NotEmpty(p.FavouriteAuthors);
            Assert.All(p.FavouriteAuthors, a => Assert.Contains((p.UserId, a), follows));
            Assert.All(p.FavouriteAuthors, a => Assert.True(profiles[a].IsAuthor));
        });
        Assert.All(feed.Posts, post => Assert.Contains(post.Tags[0], profiles[post.AuthorId!].Topics));
        Assert.DoesNotContain(feed.Follows, f => f.FollowerId == f.FolloweeId);
    }

    [Fact]
    public void Generate_PlantedTastes_DominateViewsAndLikes()
    {
        var feed = Generate();
        var topic = feed.Posts.ToDictionary(p => p.Id, p => p.Tags[0]);
        var tastes = feed.Profiles.ToDictionary(p => p.UserId, p => p.Topics.ToHashSet());
        var views = feed.Engagements.Where(e => e.Kind == EngagementKind.View).ToList();
        var likes = feed.Engagements.Where(e => e.Kind == EngagementKind.Like).Select(e => (e.UserId, e.PostId)).ToHashSet();

        var onTaste = views.Where(v => tastes[v.UserId].Contains(topic[v.PostId])).ToList();
        var offTaste = views.Where(v => !tastes[v.UserId].Contains(topic[v.PostId])).ToList();
        var tasteShare = onTaste.Count / (double)views.Count;
        var likeRateOn = onTaste.Count(v => likes.Contains((v.UserId, v.PostId))) / (double)onTaste.Count;
        var likeRateOff = offTaste.Count(v => likes.Contains((v.UserId, v.PostId))) / (double)offTaste.Count;

        // Users like 1-3 of 12 topics (about 1/6 of posts by chance), yet most of their views are on those topics,
        // and a viewed post on a liked topic is liked several times as often.
        Assert.True(tasteShare > 0.6, $"share of views on tasted topics {tasteShare:F3}");
        Assert.True(likeRateOn > 3 * likeRateOff, $"like rate {likeRateOn:F3} on taste vs {likeRateOff:F3} off");
    }

    [Fact]
    public void Generate_FavouriteAuthors_AreEngagedWithFarAboveOthers()
    {
        var feed = Generate();
        var author = feed.Posts.ToDictionary(p => p.Id, p => p.AuthorId!);
        var favourites = feed.Profiles.ToDictionary(p => p.UserId, p => p.FavouriteAuthors.ToHashSet());
        var authors = feed.Profiles.Count(p => p.IsAuthor);
        var views = feed.Engagements.Where(e => e.Kind == EngagementKind.View).ToList();

        var favouriteShare = views.Count(v => favourites[v.UserId].Contains(author[v.PostId])) / (double)views.Count;
        var chance = feed.Profiles.Average(p => p.FavouriteAuthors.Count) / authors;

        Assert.True(favouriteShare > 5 * chance, $"favourite share {favouriteShare:F3} vs chance {chance:F3}");
    }

    [Fact]
    public void Generate_FreshPosts_AreViewedMost()
    {
        var feed = Generate();
        var created = feed.Posts.ToDictionary(p => p.Id, p => p.CreatedAt);
        var ages = feed.Engagements.Where(e => e.Kind == EngagementKind.View).Select(e => (e.Timestamp - created[e.PostId]).TotalDays).ToList();

        Assert.True(ages.Count(a => a < 3) > 0.6 * ages.Count, "most views are of posts under 3 days old");
    }

    [Fact]
    public void WriteCsv_WritesTheProtocolFiles_ThatReadBackTheSame()
    {
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 40, Posts = 100, EngagementsPerUser = 10 });
        var dir = Path.Combine(Path.GetTempPath(), "sampledata-" + Guid.NewGuid().ToString("N"));
        try
        {
            feed.WriteCsv(dir);

            Assert.Equal(feed.Engagements, DataFiles.ReadEngagements(Path.Combine(dir, "interactions.csv")));
            Assert.Equal(feed.Users, DataFiles.ReadUsers(Path.Combine(dir, "users.csv")));
            var posts = DataFiles.ReadPosts(Path.Combine(dir, "posts.csv")).ToList();
            Assert.Equal(feed.Posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text, string.Join('|', p.Tags))), posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text, string.Join('|', p.Tags))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Generate_InvalidOptions_ListEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 1, Posts = 0, AuthorFraction = 0, Topics = 13 }));

        Assert.Contains("Users must be at least 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("Posts must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorFraction", e.Message, StringComparison.Ordinal);
        Assert.Contains("Topics must be between 1 and 12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TinyNetwork_StillWorks()
    {
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 2, Posts = 1, Days = 1, EngagementsPerUser = 1, Topics = 1 });

        Assert.Equal(2, feed.Users.Count);
        Assert.Single(feed.Posts);
    }
}
