using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Data;
using Recommender.Features;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

public class PairFeaturesTests
{
    private const float Tolerance = 1e-5f;

    // Activity by UTC hour over all 7 accepted engagements: 08h ×4, 09h, 06h, 07h. Now is 09:30.
    private const float GlobalShareAt9 = (1f + 1f) / (7f + 24f);

    private static ContentModel Content() =>
        new ContentTrainer(new ContentOptions { MinDocumentFrequency = 1 }, timeProvider: Clock()).Fit(Posts(), Engagements());

    private static NmfModel Nmf() =>
        new NmfTrainer(new NmfOptions { Factors = 2, MaxIterations = 5 }, timeProvider: Clock()).Fit(Engagements().Where(e => e.UserId.Length > 0 && Enum.IsDefined(e.Kind)));

    private static FeatureExtractor Extractor(ContentModel? content = null, NmfModel? nmf = null, FeatureOptions? options = null) =>
        new(Store(), content, nmf, options, Clock());

    [Fact]
    public void PairFeatures_KnownPost_MatchHandComputedValues()
    {
        var f = Extractor().GetPairFeatures("u1", Post("p1"));
        Assert.True(f.UserKnown);
        Assert.True(f.PostKnown);
        Assert.True(f.AlreadySeen);
        Assert.Equal(0.6f, f.AuthorEngagementShare, Tolerance);
        Assert.False(f.FollowsAuthor);
        Assert.Equal(0.3f, f.AuthorAffinity, Tolerance);
        Assert.Equal(0.5f, f.Freshness, Tolerance);

        // u1: 1 engagement at 09h out of 4; prior m = 24 pseudo-engagements spread as everyone's.
        Assert.Equal((1f + (24f * GlobalShareAt9)) / (4f + 24f), f.TimeMatch, Tolerance);
        Assert.False(f.HasCollaborativeScore);
        Assert.False(f.HasContentSimilarity);
    }

    [Fact]
    public void PairFeatures_FollowedAuthor_AddsHalfToAffinity()
    {
        var f = Extractor().GetPairFeatures("u1", Post("p2"));
        Assert.Equal(0.4f, f.AuthorEngagementShare, Tolerance);
        Assert.True(f.FollowsAuthor);
        Assert.Equal(0.7f, f.AuthorAffinity, Tolerance);
        Assert.Equal(0.25f, f.Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_NewPost_UsesItsAuthorAndAge()
    {
        var post = new Post("new", "bob", Now.AddHours(-12)) { Tags = ["cooking"] };
        var f = Extractor().GetPairFeatures("u1", post);
        Assert.False(f.PostKnown);
        Assert.False(f.AlreadySeen);
        Assert.True(f.FollowsAuthor);
        Assert.Equal(0.4f, f.AuthorEngagementShare, Tolerance);
        Assert.Equal(MathF.Sqrt(0.5f), f.Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_FuturePost_IsFullyFresh()
    {
        var f = Extractor().GetPairFeatures("u1", new Post("future", null, Now.AddHours(3)));
        Assert.Equal(1f, f.Freshness);
    }

    [Fact]
    public void PairFeatures_FreshnessHalfLife_IsConfigurable()
    {
        var options = new FeatureOptions { FreshnessHalfLife = TimeSpan.FromHours(12) };
        var f = Extractor(options: options).GetPairFeatures("u1", Post("p1"));
        Assert.Equal(0.25f, f.Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_FreshnessFollowsTheClock()
    {
        var clock = Clock();
        var extractor = new FeatureExtractor(Store(), timeProvider: clock);
        var post = new Post("n", null, Now);
        Assert.Equal(1f, extractor.GetPairFeatures("u1", post).Freshness, Tolerance);
        clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(0.25f, extractor.GetPairFeatures("u1", post).Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_TimeMatch_UsesTheCurrentHour()
    {
        var clock = Clock();
        var extractor = new FeatureExtractor(Store(), timeProvider: clock);
        clock.Advance(TimeSpan.FromHours(23)); // 08:30 next day
        var globalAt8 = (4f + 1f) / (7f + 24f);
        Assert.Equal((3f + (24f * globalAt8)) / 28f, extractor.GetPairFeatures("u1", Post("p1")).TimeMatch, Tolerance);
    }

    [Fact]
    public void PairFeatures_NoPrior_UsesOwnHoursOnly()
    {
        var options = new FeatureOptions { TimeMatchPriorStrength = 0f };
        var extractor = Extractor(options: options);
        Assert.Equal(0.25f, extractor.GetPairFeatures("u1", Post("p1")).TimeMatch, Tolerance);

        // u3 never engaged: falls back to everyone's share.
        Assert.Equal(GlobalShareAt9, extractor.GetPairFeatures("u3", Post("p1")).TimeMatch, Tolerance);
    }

    [Fact]
    public void PairFeatures_UnknownUser_GetsColdStartValues()
    {
        var f = Extractor(Content(), Nmf()).GetPairFeatures("stranger", Post("p1"));
        Assert.False(f.UserKnown);
        Assert.True(f.PostKnown);
        Assert.False(f.AlreadySeen);
        Assert.Equal(0f, f.AuthorAffinity);
        Assert.Equal(GlobalShareAt9, f.TimeMatch, Tolerance);
        Assert.Equal(0f, f.ContentSimilarity);
        Assert.False(f.HasContentSimilarity);
        Assert.Equal(0f, f.CollaborativeScore);
        Assert.False(f.HasCollaborativeScore);
        Assert.Equal(0.5f, f.Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_PostWithNothing_GivesZerosNotErrors()
    {
        var f = Extractor(Content(), Nmf()).GetPairFeatures("u1", new Post("bare", null, Now.AddHours(-24)));
        Assert.False(f.PostKnown);
        Assert.Equal(0f, f.AuthorEngagementShare);
        Assert.False(f.FollowsAuthor);
        Assert.Equal(0f, f.ContentSimilarity);
        Assert.False(f.HasContentSimilarity);
        Assert.False(f.HasCollaborativeScore);
        Assert.Equal(0.5f, f.Freshness, Tolerance);
    }

    [Fact]
    public void PairFeatures_WithModels_MatchTheModelsScores()
    {
        var content = Content();
        var nmf = Nmf();
        var extractor = Extractor(content, nmf);
        foreach (var post in Posts().Append(new Post("new", "alice", Now) { Tags = ["dotnet"] }))
        {
            var f = extractor.GetPairFeatures("u1", post);
            Assert.Equal(content.Score("u1", post), f.ContentSimilarity, Tolerance);
            var known = nmf.TryScore("u1", post.Id, out var collaborative);
            Assert.Equal(known, f.HasCollaborativeScore);
            Assert.Equal(collaborative, f.CollaborativeScore, Tolerance);
        }

        Assert.True(extractor.GetPairFeatures("u1", Post("p3")).HasContentSimilarity);
        Assert.True(extractor.GetPairFeatures("u1", new Post("new", null, Now) { Tags = ["dotnet"] }).ContentSimilarity > 0.5f);
        Assert.False(extractor.GetPairFeatures("u1", Post("p4")).HasContentSimilarity);
    }

    [Fact]
    public void Batch_MatchesSinglePairFeatures_ForKnownAndNewPosts()
    {
        var extractor = Extractor(Content(), Nmf());
        Post[] posts = [.. Posts(), new("n1", "bob", Now.AddHours(-12)) { Tags = ["cooking"] }, new("n2", null, Now)];
        var indices = new int[posts.Length];
        extractor.ResolvePosts(posts, indices);
        Assert.Equal([0, 1, 2, 3, -1, -1], indices);
        var matrix = new float[posts.Length * PairFeatureColumns.Count];
        extractor.FillPairFeatures(extractor.ResolveUser("u1"), indices, posts, matrix);
        for (var i = 0; i < posts.Length; i++)
        {
            var row = matrix.AsSpan(i * PairFeatureColumns.Count, PairFeatureColumns.Count);
            var f = extractor.GetPairFeatures("u1", posts[i]);
            Assert.Equal(f.CollaborativeScore, row[PairFeatureColumns.CollaborativeScore]);
            Assert.Equal(f.ContentSimilarity, row[PairFeatureColumns.ContentSimilarity]);
            Assert.Equal(f.AuthorAffinity, row[PairFeatureColumns.AuthorAffinity]);
            Assert.Equal(f.TimeMatch, row[PairFeatureColumns.TimeMatch]);
            Assert.Equal(f.Freshness, row[PairFeatureColumns.Freshness]);
            Assert.Equal(f.AlreadySeen ? 1f : 0f, row[PairFeatureColumns.AlreadySeen]);
            Assert.Equal(f.PostKnown ? 1f : 0f, row[PairFeatureColumns.PostKnown]);
        }

        // Candidate-level columns of p1: 24 h old, 3 positive engagements, 2/24 per hour, alice's popularity 2.
        var p1 = matrix.AsSpan(0, PairFeatureColumns.Count);
        Assert.Equal(24f, p1[PairFeatureColumns.PostAgeHours], Tolerance);
        Assert.Equal(MathF.Log(4f), p1[PairFeatureColumns.PostPopularity], Tolerance);
        Assert.Equal(2f / 24, p1[PairFeatureColumns.PostVelocity], Tolerance);
        Assert.Equal(MathF.Log(3f), p1[PairFeatureColumns.AuthorPopularity], Tolerance);
        Assert.Equal(PairFeatureColumns.Count, PairFeatureColumns.Names.Count);
    }

    [Fact]
    public void Batch_KnownPostsWithoutPostObjects_UseTheStore()
    {
        var extractor = Extractor(Content(), Nmf());
        var matrix = new float[2 * PairFeatureColumns.Count];
        extractor.FillPairFeatures(extractor.ResolveUser("u1"), [0, 2], [], matrix);
        Assert.Equal(0.5f, matrix[PairFeatureColumns.Freshness], Tolerance);
        Assert.True(matrix[PairFeatureColumns.Count + PairFeatureColumns.ContentSimilarity] > 0f);
    }

    [Fact]
    public void Batch_FoldedInUser_UsesTheGivenProfileAndFactors()
    {
        var content = Content();
        var nmf = Nmf();
        var extractor = Extractor(content, nmf);
        var history = new Engagement[] { new("newbie", "p2", EngagementKind.Like, Now) };
        var profile = content.BuildProfile(history, timeProvider: Clock());
        var factors = nmf.FoldIn(history, timeProvider: Clock());
        var user = extractor.ResolveUser("newbie", profile, factors);
        var matrix = new float[PairFeatureColumns.Count];
        extractor.FillPairFeatures(user, [1], [], matrix);

        // Folded in, the store's stranger counts as known: the blend weighs their new tastes like a known user's.
        Assert.Equal(1f, matrix[PairFeatureColumns.UserKnown]);
        Assert.Equal(1f, matrix[PairFeatureColumns.ContentSimilarity], Tolerance);
        Assert.Equal(1f, matrix[PairFeatureColumns.HasCollaborativeScore]);
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(factors, nmf.GetPostFactors(nmf.Posts.IndexOf("p2"))), matrix[PairFeatureColumns.CollaborativeScore], Tolerance);
    }

    [Fact]
    public void Batch_WarmPath_AllocatesNothing()
    {
        var extractor = Extractor(Content(), Nmf());
        Post?[] posts = [null, null, null, null, new Post("n1", "bob", Now) { Tags = ["cooking"], Text = "a dotnet dinner" }];
        int[] indices = [0, 1, 2, 3, -1];
        var matrix = new float[posts.Length * PairFeatureColumns.Count];
        var user = extractor.ResolveUser("u1");
        extractor.FillPairFeatures(user, indices, posts, matrix);
        var before = GC.GetAllocatedBytesForCurrentThread();
        extractor.FillPairFeatures(user, indices, posts, matrix);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Batch_BadArguments_ThrowClearExceptions()
    {
        var extractor = Extractor();
        var user = extractor.ResolveUser("u1");
        Assert.Throws<ArgumentException>(() => extractor.FillPairFeatures(user, [0, 1], [], new float[PairFeatureColumns.Count]));
        Assert.Throws<ArgumentException>(() => extractor.FillPairFeatures(user, [-1], [], new float[PairFeatureColumns.Count]));
        Assert.Throws<ArgumentOutOfRangeException>(() => extractor.FillPairFeatures(user, [99], [], new float[PairFeatureColumns.Count]));
    }
}
