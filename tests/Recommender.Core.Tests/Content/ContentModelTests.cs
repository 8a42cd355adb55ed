using Recommender.Content;
using Recommender.Data;
using static Recommender.Core.Tests.Content.ContentFixtures;

namespace Recommender.Core.Tests.Content;

public class ContentModelTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Fit_TagsAndAuthor_GivesHandComputedTfIdf()
    {
        var model = Train(ThreePosts(), []);

        // N = 3 posts; df: dotnet 2, csharp 1, author:alice 2. Authors weigh 0.5.
        var dotnet = Idf(3, 2);
        var csharp = Idf(3, 1);
        var alice = 0.5 * Idf(3, 2);
        var norm = Math.Sqrt((dotnet * dotnet) + (csharp * csharp) + (alice * alice));
        var v = Vector(model, "p1");
        Assert.Equal(3, v.Count);
        Assert.Equal(dotnet / norm, v["tag:dotnet"], Tolerance);
        Assert.Equal(csharp / norm, v["tag:csharp"], Tolerance);
        Assert.Equal(alice / norm, v["author:alice"], Tolerance);
        Assert.Equal((float)Idf(3, 2), model.GetIdf(model.FindTerm("tag:dotnet")), Tolerance);
    }

    [Fact]
    public void Fit_RepeatedTextToken_WeighsOnePlusLogCount()
    {
        var options = new ContentOptions { TagWeight = 0f, AuthorWeight = 0f, TextWeight = 1f, MinDocumentFrequency = 1 };
        var model = Train([Post("p1", null, [], "rust rust rust java"), Post("p2", null, [], "java")], [], options);

        // df: rust 1, java 2 over N = 2.
        var rust = (1 + Math.Log(3)) * Idf(2, 1);
        var java = Idf(2, 2);
        var norm = Math.Sqrt((rust * rust) + (java * java));
        var v = Vector(model, "p1");
        Assert.Equal(rust / norm, v["rust"], Tolerance);
        Assert.Equal(java / norm, v["java"], Tolerance);
        Assert.Equal(1f, Vector(model, "p2")["java"], Tolerance);
    }

    [Fact]
    public void Fit_TagAndTextTokenWithSameWord_AreDifferentTerms()
    {
        var options = new ContentOptions { MinDocumentFrequency = 1 };
        var model = Train([Post("p1", null, ["dotnet"], "dotnet rocks")], [], options);
        Assert.True(model.FindTerm("tag:dotnet") >= 0);
        Assert.True(model.FindTerm("dotnet") >= 0);
        Assert.NotEqual(model.FindTerm("tag:dotnet"), model.FindTerm("dotnet"));
        Assert.Equal(ContentTermKind.Tag, model.GetTermKind(model.FindTerm("tag:dotnet")));
        Assert.Equal(ContentTermKind.Text, model.GetTermKind(model.FindTerm("dotnet")));
    }

    [Fact]
    public void Fit_MinDocumentFrequency_DropsRareTextButKeepsRareTagsAndAuthors()
    {
        var options = new ContentOptions { MinDocumentFrequency = 2 };
        var model = Train([Post("p1", "zed", ["rare"], "common unique1"), Post("p2", null, [], "common")], [], options);
        Assert.True(model.FindTerm("common") >= 0);
        Assert.Equal(-1, model.FindTerm("unique1"));
        Assert.True(model.FindTerm("tag:rare") >= 0);
        Assert.True(model.FindTerm("author:zed") >= 0);
    }

    [Fact]
    public void Fit_MaxTerms_KeepsTheMostFrequentTerms()
    {
        var options = TagsAndAuthors();
        options.AuthorWeight = 0f;
        options.MaxTerms = 2;
        var model = Train([Post("p1", null, ["a", "b", "c"]), Post("p2", null, ["a", "b"]), Post("p3", null, ["a"])], [], options);
        Assert.Equal(2, model.TermCount);
        Assert.True(model.FindTerm("tag:a") >= 0);
        Assert.True(model.FindTerm("tag:b") >= 0);
        Assert.Equal(-1, model.FindTerm("tag:c"));
    }

    [Fact]
    public void Fit_InputOrder_DoesNotChangeTheModel()
    {
        var posts = ThreePosts();
        Engagement[] engagements = [Like("u1", "p1"), Like("u2", "p2"), Like("u1", "p3")];
        var a = Train(posts, engagements);
        var b = Train(posts.Reverse(), engagements.Reverse());
        Assert.Equal(a.TermCount, b.TermCount);
        for (var t = 0; t < a.TermCount; t++)
        {
            Assert.Equal(a.GetTerm(t), b.GetTerm(t));
        }

        foreach (var id in new[] { "p1", "p2", "p3" })
        {
            Assert.Equal(Vector(a, id), Vector(b, id));
        }

        Assert.Equal(Profile(a, a.GetProfile("u1")), Profile(b, b.GetProfile("u1")));
    }

    [Fact]
    public void Score_UserWhoLikedOnePost_IsOneForThatPostAndTheCosineForAnother()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        var posts = ThreePosts();
        Assert.Equal(1f, model.Score("u1", posts[0]), Tolerance);

        var v1 = Vector(model, "p1");
        var v2 = Vector(model, "p2");
        var expected = v1["tag:dotnet"] * v2["tag:dotnet"];
        Assert.Equal(expected, model.Score("u1", posts[1]), Tolerance);
        Assert.Equal(v1["author:alice"] * Vector(model, "p3")["author:alice"], model.Score("u1", posts[2]), Tolerance);
    }

    [Fact]
    public void Score_NewPostWithMatchingTags_ScoresHighWithoutAnyEngagement()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1"), Like("u1", "p2")]);
        var matching = Post("new1", "carol", ["DotNet", "#csharp"]);
        var other = Post("new2", "carol", ["cooking"]);
        var matchingScore = model.Score("u1", matching);
        Assert.True(matchingScore > 0.8f, $"score {matchingScore}");
        Assert.Equal(0f, model.Score("u1", other));
    }

    [Fact]
    public void Score_NewPost_VectorisedLikeATrainingPost()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        var copy = Post("copy-of-p1", "alice", ["dotnet", "csharp"]);
        Assert.Equal(1f, model.Score("u1", copy), Tolerance);
        var vector = model.Vectorize(copy);
        var trained = model.GetPostVector(0).ToArray();
        Assert.Equal(trained.Select(e => e.Term), vector.Select(e => e.Term));
        Assert.Equal(trained.Select(e => e.Weight), vector.Select(e => e.Weight), (x, y) => Math.Abs(x - y) < Tolerance);
    }

    [Fact]
    public void Score_NewPostWithOnlyUnknownTerms_ScoresZero()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        Assert.Equal(0f, model.Score("u1", Post("n", "stranger", ["unheard-of"], "completely novel words")));
    }

    [Fact]
    public void Score_PostWithNoTagsNoAuthorNoText_ScoresZeroAndHasNoReasons()
    {
        var model = Train([.. ThreePosts(), Post("empty", null, [])], [Like("u1", "p1"), Like("u1", "empty")]);
        var empty = Post("empty", null, []);
        Assert.True(model.GetPostVector(model.Posts.IndexOf("empty")).IsEmpty);
        Assert.Equal(0f, model.Score("u1", empty));
        Assert.Equal(0f, model.Score("u1", Post("brand-new-empty", null, [])));
        Assert.Empty(model.Explain("u1", empty, 5));
    }

    [Fact]
    public void Score_UnknownUser_ScoresZeroAndHasEmptyProfile()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        Assert.Equal(0f, model.Score("nobody", ThreePosts()[0]));
        Assert.True(model.GetProfile("nobody").IsEmpty);
        Assert.Same(ContentProfile.Empty, model.GetProfile("nobody"));
    }

    [Fact]
    public void Profile_NegativeFeedback_LowersTheSharedTerm()
    {
        var posts = ThreePosts();
        var liked = Train(posts, [Like("u1", "p1")]);
        var likedAndHid = Train(posts, [Like("u1", "p1"), Hide("u1", "p2")]);
        var before = Profile(liked, liked.GetProfile("u1"));
        var after = Profile(likedAndHid, likedAndHid.GetProfile("u1"));
        Assert.True(after.GetValueOrDefault("tag:dotnet") < before["tag:dotnet"], "hiding a dotnet post lowers tag:dotnet");
        Assert.False(after.ContainsKey("author:bob"), "negative terms are clamped out of the profile");
        Assert.True(likedAndHid.Score("u1", Post("n", null, ["dotnet"])) < liked.Score("u1", Post("n", null, ["dotnet"])));
    }

    [Fact]
    public void Profile_OnlyNegativeFeedback_IsEmpty()
    {
        var model = Train(ThreePosts(), [Hide("u1", "p1")]);
        Assert.True(model.GetProfile("u1").IsEmpty);
        Assert.Equal(0f, model.Score("u1", ThreePosts()[0]));
    }

    [Fact]
    public void Profile_WeightsByKind()
    {
        // One like (4) on a [x] post and one view (1) on a [y] post: weights 4:1 before normalisation.
        var options = TagsAndAuthors();
        Post[] posts = [Post("px", null, ["x"]), Post("py", null, ["y"])];
        var model = Train(posts, [Like("u1", "px"), new("u1", "py", EngagementKind.View, Now)], options);
        var profile = Profile(model, model.GetProfile("u1"));
        Assert.Equal(4.0, profile["tag:x"] / profile["tag:y"], 4);
        Assert.Equal(1.0, Math.Sqrt((profile["tag:x"] * profile["tag:x"]) + (profile["tag:y"] * profile["tag:y"])), 5);
    }

    [Fact]
    public void Profile_DecaysWithTheHalfLife()
    {
        var options = TagsAndAuthors();
        options.Weighting = new EngagementWeightingOptions { HalfLife = TimeSpan.FromDays(7) };
        Post[] posts = [Post("old", null, ["a"]), Post("recent", null, ["b"])];
        var model = Train(posts, [Like("u1", "old", Now.AddDays(-14)), Like("u1", "recent", Now)], options);
        var profile = Profile(model, model.GetProfile("u1"));

        // Two half-lives: the old like counts a quarter.
        Assert.Equal(0.25, profile["tag:a"] / profile["tag:b"], 4);
    }

    [Fact]
    public void Profile_KeepsOnlyTheStrongestTerms()
    {
        var options = TagsAndAuthors();
        options.AuthorWeight = 0f;
        options.ProfileTerms = 2;
        Post[] posts = [Post("p1", null, ["a"]), Post("p2", null, ["b"]), Post("p3", null, ["c"])];
        Engagement[] engagements =
        [
            Like("u1", "p1"), Like("u1", "p1"), Like("u1", "p1"),
            Like("u1", "p2"), Like("u1", "p2"),
            Like("u1", "p3"),
        ];
        var model = Train(posts, engagements, options);
        Assert.Equal(["tag:a", "tag:b"], Profile(model, model.GetProfile("u1")).Keys.Order());
    }

    [Fact]
    public void BuildProfile_SameHistoryAsTraining_EqualsTheTrainedProfile()
    {
        var options = TagsAndAuthors();
        options.Weighting = new EngagementWeightingOptions();
        Engagement[] history = [Like("u1", "p1", Now.AddDays(-3)), Hide("u1", "p2", Now.AddDays(-1)), Like("u1", "p3", Now.AddHours(-5))];
        var model = Train(ThreePosts(), history, options);
        var trained = Profile(model, model.GetProfile("u1"));
        var folded = Profile(model, model.BuildProfile(history, timeProvider: Clock()));
        Assert.Equal(trained.Keys.Order(), folded.Keys.Order());
        foreach (var (term, weight) in trained)
        {
            Assert.Equal(weight, folded[term], Tolerance);
        }
    }

    [Fact]
    public void BuildProfile_NewPostsFromTheDictionary_Contribute()
    {
        var model = Train(ThreePosts(), []);
        var fresh = Post("fresh", null, ["cooking"]);
        var without = model.BuildProfile([Like("new-user", "fresh")], timeProvider: Clock());
        var with = model.BuildProfile([Like("new-user", "fresh")], new Dictionary<string, Post> { ["fresh"] = fresh }, Clock());
        Assert.True(without.IsEmpty);
        Assert.Equal(1f, model.Score(with, Post("another", null, ["cooking"])), Tolerance);
    }

    [Fact]
    public void Explain_ListsSharedTermsByContribution_SummingToTheScore()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        var post = Post("n", "alice", ["dotnet", "csharp", "unrelated"]);
        var reasons = model.Explain("u1", post, 10);
        Assert.Equal(["tag:csharp", "tag:dotnet", "author:alice"], reasons.Select(r => r.Term));
        Assert.Equal(ContentTermKind.Tag, reasons[0].Kind);
        Assert.Equal("csharp", reasons[0].Value);
        Assert.Equal(model.Score("u1", post), reasons.Sum(r => r.Contribution), Tolerance);
        Assert.Single(model.Explain("u1", post, 1));
        Assert.Empty(model.Explain("nobody", post, 3));
    }

    [Fact]
    public void ScoreMany_MatchesScoreOneByOne()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1"), Like("u1", "p3")]);
        Post[] posts = [.. ThreePosts(), Post("n1", "alice", ["dotnet"]), Post("n2", null, [])];
        var scores = new float[posts.Length];
        var profile = model.GetProfile("u1");
        model.Score(profile, posts, scores);
        for (var i = 0; i < posts.Length; i++)
        {
            Assert.Equal(model.Score(profile, posts[i]), scores[i]);
        }

        Assert.Throws<ArgumentException>(() => model.Score(profile, posts, new float[1]));
    }

    [Fact]
    public void Scorer_WarmPath_AllocatesNothing()
    {
        var options = new ContentOptions { MinDocumentFrequency = 1 };
        var model = Train([.. ThreePosts(), Post("t", "bob", ["dotnet"], "fast dotnet code")], [Like("u1", "p1"), Like("u1", "t")], options);
        var fresh = Post("fresh", "alice", ["dotnet", "cooking"], "fast code for dinner");
        float Run()
        {
            var sum = 0f;
            using var scorer = model.CreateScorer(model.Users.IndexOf("u1"));
            for (var p = 0; p < model.Posts.Count; p++)
            {
                sum += scorer.Score(p);
            }

            sum += scorer.Score(fresh);
            return sum;
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0f);
    }

    [Fact]
    public void Scorer_Disposed_LeavesTheScratchBufferClean()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1"), Like("u2", "p3")]);
        using (var first = model.CreateScorer(model.Users.IndexOf("u1")))
        {
            Assert.True(first.Score(0) > 0f);
        }

        // u2 shares no tag with p2: had u1's profile been left in the buffer, p2 would score.
        using var second = model.CreateScorer(model.Users.IndexOf("u2"));
        Assert.Equal(0f, second.Score(model.Posts.IndexOf("p2")));
    }

    [Fact]
    public void Builder_SkipsInvalidEngagementsAndCountsThem()
    {
        var builder = new ContentModelBuilder(TagsAndAuthors(), Clock());
        builder.AddPost(ThreePosts()[0]);
        Assert.True(builder.AddEngagement(Like("u1", "p1")));
        Assert.False(builder.AddEngagement(Like("", "p1")));
        Assert.False(builder.AddEngagement(new Engagement("u1", "p1", (EngagementKind)99, Now)));
        Assert.False(builder.AddEngagement(new Engagement("u1", "p1", EngagementKind.Like, Now, float.NaN)));
        Assert.Equal(1, builder.AcceptedEngagements);
        Assert.Equal(3, builder.SkippedEngagements);
        var model = builder.Build();
        Assert.Equal(1, model.Users.Count);
        Assert.Throws<ObjectDisposedException>(() => builder.AddPost(ThreePosts()[1]));
    }

    [Fact]
    public void Builder_PostAddedTwice_KeepsTheLastVersion()
    {
        var builder = new ContentModelBuilder(TagsAndAuthors(), Clock());
        builder.AddPost(Post("p1", null, ["old"]));
        builder.AddPost(Post("p1", null, ["new"]));
        var model = builder.Build();
        Assert.Equal(1, model.Posts.Count);
        Assert.Equal(["tag:new"], Vector(model, "p1").Keys);
        Assert.Equal(-1, model.FindTerm("tag:old"));
    }

    [Fact]
    public async Task FitAsync_FromDataSource_EqualsFit()
    {
        Engagement[] engagements = [Like("u1", "p1"), Like("u2", "p3")];
        var source = new InMemoryDataSource([], ThreePosts(), engagements);
        var fromSource = await new ContentTrainer(TagsAndAuthors(), timeProvider: Clock()).FitAsync(source, TestContext.Current.CancellationToken);
        var direct = Train(ThreePosts(), engagements);
        Assert.Equal(Profile(direct, direct.GetProfile("u1")), Profile(fromSource, fromSource.GetProfile("u1")));
    }
}
