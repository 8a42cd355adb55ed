using Recommender.Data;
using Recommender.Features;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

public class FeatureStoreTests
{
    private const float Tolerance = 1e-5f;

    private static FeatureExtractor Extractor(FeatureStore? store = null) => new(store ?? Store(), timeProvider: Clock());

    [Fact]
    public void UserFeatures_HandBuiltData_MatchHandComputedValues()
    {
        var f = Extractor().GetUserFeatures("u1");
        Assert.True(f.IsKnown);
        Assert.Equal(TimeSpan.FromDays(30), f.AccountAge);
        Assert.Equal(4, f.TotalEngagements);
        Assert.Equal([1, 0, 2, 1, 0, 0, 0, 0], f.CountsByKind);
        Assert.Equal([0.25f, 0f, 0.5f, 0.25f, 0f, 0f, 0f, 0f], f.RatesByKind);

        var hours = new float[24];
        hours[8] = 0.75f;
        hours[9] = 0.25f;
        Assert.Equal(hours, f.ActivityByHour);
        var days = new float[7];
        days[(int)DayOfWeek.Wednesday] = 0.25f;
        days[(int)DayOfWeek.Thursday] = 0.75f;
        Assert.Equal(days, f.ActivityByWeekday);

        Assert.Equal(3, f.DistinctPosts);
        Assert.Equal(Now.AddHours(-25), f.FirstEngagementAt);
        Assert.Equal(Now.AddMinutes(-30), f.LastEngagementAt);
        Assert.Equal(TimeSpan.FromHours(24.5), f.HistorySpan);
        Assert.Equal(1, f.FollowingCount);
    }

    [Fact]
    public void UserFeatures_PreferredTagsAndAuthors_AreSharesOfNetWeight()
    {
        // u1: p1 like+view = 5 (alice; dotnet, csharp), p2 comment = 6 (bob; cooking), p3 like = 4 (alice; dotnet).
        var f = Extractor().GetUserFeatures("u1");
        Assert.Equal([new("dotnet", 9f / 20), new("cooking", 6f / 20), new("csharp", 5f / 20)], f.PreferredTags);
        Assert.Equal([new("alice", 0.6f), new("bob", 0.4f)], f.PreferredAuthors);

        // u2: hid p3 (-10) and liked p1 (+4): alice nets -6, clamped out; dotnet too.
        var g = Extractor().GetUserFeatures("u2");
        Assert.Equal([new("bob", 1f)], g.PreferredAuthors);
        Assert.Equal([new("csharp", 0.8f), new("cooking", 0.2f)], g.PreferredTags);
        Assert.Null(g.AccountAge);
    }

    [Fact]
    public void UserFeatures_PreferredCount_LimitsTheLists()
    {
        var store = Store(new FeatureOptions { PreferredCount = 1, Weighting = NoDecay().Weighting });
        var f = new FeatureExtractor(store, timeProvider: Clock()).GetUserFeatures("u1");
        Assert.Equal([new("dotnet", 9f / 20)], f.PreferredTags);
        Assert.Equal([new("alice", 0.6f)], f.PreferredAuthors);
    }

    [Fact]
    public void UserFeatures_UnknownUser_AreZeroAndFlagged()
    {
        var f = Extractor().GetUserFeatures("stranger");
        Assert.False(f.IsKnown);
        Assert.Equal(0, f.TotalEngagements);
        Assert.Equal(8, f.CountsByKind.Count);
        Assert.All(f.ActivityByHour, h => Assert.Equal(0f, h));
        Assert.Empty(f.PreferredTags);
        Assert.Null(f.FirstEngagementAt);
    }

    [Fact]
    public void UserFeatures_FollowerWithoutEngagements_IsKnownWithFollowing()
    {
        var f = Extractor().GetUserFeatures("u3");
        Assert.True(f.IsKnown);
        Assert.Equal(0, f.TotalEngagements);
        Assert.Equal(1, f.FollowingCount);
        Assert.Equal(TimeSpan.Zero, f.HistorySpan);
    }

    [Fact]
    public void PostFeatures_KnownPost_MatchHandComputedValues()
    {
        var f = Extractor().GetPostFeatures(Post("p1"));
        Assert.True(f.IsKnown);
        Assert.Equal([1, 0, 2, 0, 0, 0, 0, 0], f.CountsByKind);
        Assert.Equal(3, f.TotalEngagements);
        Assert.Equal(3, f.PositiveEngagements);
        Assert.Equal(2, f.UniqueUsers);
        Assert.Equal(TimeSpan.FromHours(24), f.Age);

        // In the last 24 h: u1's like and view (u2's like is 26 h old); live 24 h in the window.
        Assert.Equal(1f / 24, f.VelocityByKind[(int)EngagementKind.Like], Tolerance);
        Assert.Equal(1f / 24, f.VelocityByKind[(int)EngagementKind.View], Tolerance);
        Assert.True(f.AuthorKnown);
        Assert.Equal(1, f.AuthorFollowers);
        Assert.Equal(2, f.AuthorPostCount);

        // alice's posts received 3 (p1) + 1 (p3: a like; the hide is negative) positive engagements over 2 posts.
        Assert.Equal(2f, f.AuthorPopularity);
        Assert.Equal(["dotnet", "csharp"], f.Tags);
        Assert.Equal(18, f.TextLength);
        Assert.Equal(3, f.WordCount);
    }

    [Fact]
    public void PostFeatures_YoungPost_VelocityDividesByHoursLive()
    {
        // p3 is 2 h old: one like and one hide in the window → 0.5 per hour each.
        var f = Extractor().GetPostFeatures(Post("p3"));
        Assert.Equal(0.5f, f.VelocityByKind[(int)EngagementKind.Like], Tolerance);
        Assert.Equal(0.5f, f.VelocityByKind[(int)EngagementKind.Hide], Tolerance);
        Assert.Equal(1, f.PositiveEngagements);
        Assert.Equal(["dotnet"], f.Tags);
    }

    [Fact]
    public void PostFeatures_NewPost_HasZeroCountsButItsAuthorsPopularity()
    {
        var post = new Post("new", "bob", Now.AddHours(-12)) { Tags = ["#News", "news", " NEWS ", ""], Text = "Breaking: big news!" };
        var f = Extractor().GetPostFeatures(post);
        Assert.False(f.IsKnown);
        Assert.Equal(0, f.TotalEngagements);
        Assert.All(f.CountsByKind, c => Assert.Equal(0, c));
        Assert.All(f.VelocityByKind, v => Assert.Equal(0f, v));
        Assert.True(f.AuthorKnown);
        Assert.Equal(2f, f.AuthorPopularity);
        Assert.Equal(TimeSpan.FromHours(12), f.Age);
        Assert.Equal(["news"], f.Tags);
        Assert.Equal(3, f.WordCount);
    }

    [Fact]
    public void PostFeatures_NoTagsNoAuthorNoText_AreEmptyNotErrors()
    {
        var f = Extractor().GetPostFeatures(new Post("bare", null, Now));
        Assert.False(f.AuthorKnown);
        Assert.Null(f.AuthorId);
        Assert.Empty(f.Tags);
        Assert.Equal(0, f.TextLength);
        Assert.Equal(0, f.WordCount);
        Assert.Equal(0f, f.AuthorPopularity);
    }

    [Fact]
    public void Builder_CountsSkippedEngagements()
    {
        var store = Store();
        Assert.Equal(7, store.AcceptedEngagements);
        Assert.Equal(2, store.SkippedEngagements);
        Assert.Equal(Now, store.ReferenceTime);
    }

    [Fact]
    public void Builder_EngagementOnlyPost_IsDatedByItsFirstEngagement()
    {
        var store = Store(engagements: [new("u1", "ghost", EngagementKind.Like, Now.AddHours(-6)), new("u2", "ghost", EngagementKind.View, Now.AddHours(-3))]);
        var extractor = new FeatureExtractor(store, timeProvider: Clock());
        var pair = extractor.GetPairFeatures("u1", new Post("ghost", null, Now.AddHours(-6)));
        Assert.True(pair.PostKnown);
        Assert.Equal(store.Data.PostCreated[store.Posts.IndexOf("ghost")], Now.AddHours(-6).UtcTicks);
    }

    [Fact]
    public void Builder_AfterBuild_Throws()
    {
        var builder = new FeatureStoreBuilder(timeProvider: Clock());
        builder.Build();
        Assert.Throws<ObjectDisposedException>(() => builder.AddUser(new User("x")));
    }

    [Fact]
    public void Builder_BadIds_AreProgrammerErrors()
    {
        var builder = new FeatureStoreBuilder(timeProvider: Clock());
        Assert.Throws<ArgumentException>(() => builder.AddUser(new User("")));
        Assert.Throws<ArgumentException>(() => builder.AddPost(new Post("", null, Now)));
        Assert.Throws<ArgumentException>(() => builder.AddFollow(new Follow("a", "", Now)));
    }

    [Fact]
    public async Task BuildAsync_FromDataSource_EqualsTheBuilder()
    {
        var source = new InMemoryDataSource(Users(), Posts(), Engagements().Where(e => e.UserId.Length > 0), Follows());
        var store = await FeatureStore.BuildAsync(source, NoDecay(), Clock(), cancellationToken: TestContext.Current.CancellationToken);
        var a = new FeatureExtractor(store, timeProvider: Clock()).GetUserFeatures("u1");
        var b = Extractor().GetUserFeatures("u1");
        Assert.Equal(b.PreferredTags, a.PreferredTags);
        Assert.Equal(b.CountsByKind, a.CountsByKind);
        Assert.Equal(b.ActivityByHour, a.ActivityByHour);
    }

    [Fact]
    public void Options_Invalid_ListEveryProblem()
    {
        var options = new FeatureOptions
        {
            FreshnessHalfLife = TimeSpan.Zero,
            TimeMatchPriorStrength = float.NaN,
            VelocityWindow = TimeSpan.FromHours(-1),
            PreferredCount = 0,
            Weighting = null!,
        };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        foreach (var name in new[] { "FreshnessHalfLife", "TimeMatchPriorStrength", "VelocityWindow", "PreferredCount", "Weighting" })
        {
            Assert.Contains(name, ex.Message);
        }

        Assert.Throws<ArgumentException>(() => new FeatureStoreBuilder(options));
        Assert.Throws<ArgumentException>(() => new FeatureExtractor(Store(), options: options));
    }
}
