using Recommender.Content;
using static Recommender.Core.Tests.Content.ContentFixtures;

namespace Recommender.Core.Tests.Content;

public class PostVectorCacheTests
{
    [Fact]
    public void Score_NewPostSeenAgain_ReusesItsVector()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        var post = Post("n", "carol", ["dotnet"]);
        var first = model.Score("u1", post);
        var vector = model.GetNewPostVector(post);

        // A different object with the same content is recognised too (hosts re-read posts per request).
        var copy = Post("n", "carol", ["dotnet"]);
        Assert.Same(vector, model.GetNewPostVector(copy));
        Assert.Equal(first, model.Score("u1", copy));
        Assert.Equal(1, model.NewPostVectors.Count);
    }

    [Fact]
    public void Score_EditedNewPost_IsVectorisedAgain()
    {
        var model = Train(ThreePosts(), [Like("u1", "p1")]);
        var before = model.Score("u1", Post("n", "carol", ["dotnet"]));
        var after = model.Score("u1", Post("n", "carol", ["cooking"]));
        Assert.True(before > 0f);
        Assert.Equal(0f, after);
        Assert.Equal(0f, model.Score("u1", Post("n", "carol", ["cooking"], "changed text")));
    }

    [Fact]
    public void Cache_AtCapacity_StartsOver()
    {
        var cache = new PostVectorCache();
        for (var i = 0; i < PostVectorCache.Capacity; i++)
        {
            cache.Add(new PostVector(Post($"p{i}", null, []), []));
        }

        Assert.Equal(PostVectorCache.Capacity, cache.Count);
        var last = Post("one-more", null, []);
        cache.Add(new PostVector(last, []));
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(last, out _));
        Assert.False(cache.TryGet(Post("p0", null, []), out _));
    }

    [Fact]
    public void Score_ManyThreads_AgreeWithOneThread()
    {
        var options = new ContentOptions { MinDocumentFrequency = 1 };
        var model = Train([.. ThreePosts(), Post("t", "bob", ["dotnet"], "fast dotnet code")], [Like("u1", "p1"), Like("u1", "t"), Like("u2", "p3")], options);
        var posts = Enumerable.Range(0, 200).Select(i => Post($"n{i % 50}", i % 2 == 0 ? "alice" : "bob", [i % 3 == 0 ? "dotnet" : "cooking"], "fast code")).ToArray();
        var expected = posts.Select(p => (model.Score("u1", p), model.Score("u2", p))).ToArray();
        model.NewPostVectors.Clear();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < posts.Length; i++)
            {
                Assert.Equal(expected[i], (model.Score("u1", posts[i]), model.Score("u2", posts[i])));
            }
        });
    }
}
