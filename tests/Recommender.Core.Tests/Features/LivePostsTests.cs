using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Features;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

/// <summary>Engagements recorded since training, per post: live counts and folded-in factors in the pair features. (Negative hours ago: after Now.)</summary>
public sealed class LivePostsTests
{
    private static Engagement Like(string user, string post, double hoursAgo) => new(user, post, EngagementKind.Like, Now.AddHours(-hoursAgo));

    [Fact]
    public void Positives_CountAfterTheWatermark_AndWithinTheWindow_NegativesAndFutureNot()
    {
        var live = new LivePosts(100);
        live.Record(Like("a", "p", 30), 1f);
        live.Record(Like("b", "p", 10), 1f);
        live.Record(Like("c", "p", 2), 1f);
        live.Record(new Engagement("d", "p", EngagementKind.Hide, Now.AddHours(-1)), -1f);
        live.Record(Like("e", "p", -5), 1f);

        var (since, inWindow) = live.Find("p")!.Positives(Now.AddHours(-20).UtcTicks, Now.AddHours(-5).UtcTicks, Now.UtcTicks);

        Assert.Equal((2, 1), (since, inWindow));
        Assert.Null(live.Find("other"));
    }

    [Fact]
    public void Bounded_PostsBeyondTheLimitAreNotTracked_AndEachPostKeepsItsNewest()
    {
        var live = new LivePosts(2);
        live.Record(Like("a", "p1", 1), 1f);
        live.Record(Like("a", "p2", 1), 1f);
        live.Record(Like("a", "p3", 1), 1f);
        for (var i = 0; i < LivePost.Capacity + 10; i++)
        {
            live.Record(Like($"u{i}", "p1", 100 - (i * 0.1)), 1f);
        }

        Assert.Equal(2, live.Count);
        Assert.Null(live.Find("p3"));
        var (since, _) = live.Find("p1")!.Positives(long.MinValue, long.MinValue, Now.UtcTicks);
        Assert.Equal(LivePost.Capacity, since);
    }

    [Fact]
    public void PruneThrough_ForgetsPostsANewModelKnows()
    {
        var live = new LivePosts(10);
        live.Record(Like("a", "old", 48), 1f);
        live.Record(Like("a", "fresh", 1), 1f);

        live.PruneThrough(Now.AddHours(-24));

        Assert.Null(live.Find("old"));
        Assert.NotNull(live.Find("fresh"));
    }

    [Fact]
    public void PairFeatures_NewPostWithRecordedLikes_GetsPopularityVelocityAndACollaborativeScore()
    {
        var nmf = new NmfTrainer(new NmfOptions { Factors = 2, MaxIterations = 5 }, timeProvider: Clock()).Fit(Engagements().Where(e => e.UserId.Length > 0 && Enum.IsDefined(e.Kind)));
        // Trained at Now; ranking 4 hours later, after two likes recorded since (one by a user the model knows).
        var clock = Clock();
        var extractor = new FeatureExtractor(Store(), null, nmf, null, clock);
        clock.Advance(TimeSpan.FromHours(4));
        var post = new Post("brand-new", "alice", Now.AddHours(-3)) { Tags = ["dotnet"] };
        var live = new LivePosts(10);
        live.Record(Like(nmf.Users[0], post.Id, -1), 1f);
        live.Record(Like("stranger", post.Id, -2), 1f);
        live.Record(Like("earlier", post.Id, 1), 1f);

        float[] Row(LivePosts? l)
        {
            var row = new float[PairFeatureColumns.Count];
            extractor.FillPairFeatures(extractor.ResolveUser("u1", live: l), [-1], [post], row);
            return row;
        }

        var before = Row(null);
        var after = Row(live);

        Assert.Equal((0f, 0f, 0f), (before[PairFeatureColumns.PostPopularity], before[PairFeatureColumns.PostVelocity], before[PairFeatureColumns.HasCollaborativeScore]));
        Assert.Equal(MathF.Log(3f), after[PairFeatureColumns.PostPopularity], 1e-6f);
        Assert.Equal(2f / 7f, after[PairFeatureColumns.PostVelocity], 1e-5f);
        Assert.Equal(1f, after[PairFeatureColumns.HasCollaborativeScore]);
        Assert.Equal(0f, after[PairFeatureColumns.PostKnown]);
    }

    [Fact]
    public void FoldInPost_FromUsersWhoShareATaste_ScoresHighForThem()
    {
        // Two groups of users, each engaging with its own posts; a new post liked by group A scores higher for A.
        var engagements = new List<Engagement>();
        for (var u = 0; u < 20; u++)
        {
            for (var p = 0; p < 10; p++)
            {
                engagements.Add(new Engagement($"{(u < 10 ? "a" : "b")}{u}", $"{(u < 10 ? "pa" : "pb")}{p}", EngagementKind.Like, Now.AddHours(-p)));
            }
        }

        var nmf = new NmfTrainer(new NmfOptions { Factors = 2, MaxIterations = 30, Seed = 1 }, timeProvider: Clock()).Fit(engagements);
        var folded = nmf.FoldInPost([nmf.Users.IndexOf("a0"), nmf.Users.IndexOf("a1"), nmf.Users.IndexOf("a2")], [1f, 1f, 1f]);

        float Score(string user) => System.Numerics.Tensors.TensorPrimitives.Dot(nmf.GetUserFactors(nmf.Users.IndexOf(user)), folded);
        Assert.True(Score("a5") > 2 * Score("b15"), $"a5 {Score("a5"):F4}, b15 {Score("b15"):F4}");
        Assert.All(nmf.FoldInPost([], []), f => Assert.Equal(0f, f));
    }
}
