using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Recommender.Collaborative;
using Recommender.Core.Tests.TestSupport;
using Recommender.Data;

namespace Recommender.Core.Tests.Collaborative;

public sealed class NmfModelTests
{
    private static readonly FakeTimeProvider Time = new(TestData.Epoch.AddDays(30));
    private static readonly Lazy<(List<Engagement> Data, NmfModel Model)> Trained = new(() =>
    {
        var data = TestData.Blocks(groups: 3, usersPerGroup: 20, postsPerGroup: 30, density: 0.3, seed: 9);
        data.AddRange(TestData.Random(60, 90, 300, seed: 4));
        data.Add(new Engagement("u0-0", "p0-1", EngagementKind.Hide, TestData.Epoch));
        data.Add(new Engagement("u0-0", "p0-1", EngagementKind.Hide, TestData.Epoch));
        return (data, new NmfTrainer(new NmfOptions { Factors = 6 }, timeProvider: Time).Fit(data));
    });

    private static NmfModel Model => Trained.Value.Model;

    [Fact]
    public void Recommend_ExcludesEngagedAndHiddenPosts()
    {
        var engaged = Trained.Value.Data.Where(e => e.UserId == "u0-0").Select(e => e.PostId).ToHashSet();

        var recommended = Model.Recommend("u0-0", 200);

        Assert.DoesNotContain(recommended, r => engaged.Contains(r.PostId));
        Assert.DoesNotContain(recommended, r => r.PostId == "p0-1");
        Assert.Equal(Model.Posts.Count - Model.GetSeenPosts(Model.Users.IndexOf("u0-0")).Length, recommended.Count);
    }

    [Fact]
    public void Recommend_CallerFilter_IsHonoured()
    {
        var recommended = Model.Recommend("u1-3", 10, id => id.StartsWith("p1-", StringComparison.Ordinal));

        Assert.NotEmpty(recommended);
        Assert.DoesNotContain(recommended, r => r.PostId.StartsWith("p1-", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_AnyUserAndCount_SortedDescendingFiniteAndDistinct()
    {
        Gen.Select(Gen.Int[0, Model.Users.Count - 1], Gen.Int[0, 120]).Sample((u, count) =>
        {
            var recommended = Model.Recommend(Model.Users[u], count);
            Assert.True(recommended.Count <= count);
            Assert.Equal(recommended.Count, recommended.Select(r => r.PostId).Distinct().Count());
            for (var i = 0; i < recommended.Count; i++)
            {
                Assert.True(float.IsFinite(recommended[i].Score));
                Assert.Equal(recommended[i].Score, Model.TryScore(Model.Users[u], recommended[i].PostId, out var s) ? s : float.NaN);
                if (i > 0)
                {
                    Assert.True(recommended[i - 1].Score >= recommended[i].Score);
                }
            }
        });
    }

    [Fact]
    public void Recommend_UnknownUser_ReturnsEmpty()
    {
        Assert.Empty(Model.Recommend("nobody", 10));
        Assert.Empty(Model.Recommend(null!, 10));
        Assert.False(Model.TryScore("nobody", "p0-0", out _));
        Assert.True(Model.GetUserFactors("nobody").IsEmpty);
    }

    [Fact]
    public void Recommend_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Recommend("u0-0", -1));
    }

    [Fact]
    public void Score_UnknownPostIndex_ScoresZero()
    {
        var scores = new float[3];
        Model.Score(Model.GetUserFactors(0), [0, -1, int.MaxValue], scores);

        Assert.Equal(Model.Score(0, 0), scores[0]);
        Assert.Equal(0f, scores[1]);
        Assert.Equal(0f, scores[2]);
    }

    [Fact]
    public void Score_WrongFactorLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Model.Score(new float[2], [0], new float[1]));
    }

    [Fact]
    public void SimilarPosts_SameBlockRanksFirstAndExcludesItself()
    {
        var similar = Model.SimilarPosts("p2-5", 10);

        Assert.Equal(10, similar.Count);
        Assert.DoesNotContain(similar, s => s.PostId == "p2-5");
        Assert.True(similar.Count(s => s.PostId.StartsWith("p2-", StringComparison.Ordinal)) >= 8);
        Assert.All(similar, s => Assert.InRange(s.Score, 0f, 1.0001f));
    }

    [Fact]
    public void SimilarPosts_UnknownPost_ReturnsEmpty()
    {
        Assert.Empty(Model.SimilarPosts("nope", 5));
    }

    [Fact]
    public void FoldIn_UserHistory_RanksLikeTrainedUser()
    {
        var history = Trained.Value.Data.Where(e => e.UserId == "u2-4").ToList();
        var user = Model.Users.IndexOf("u2-4");

        var folded = Model.FoldIn(history, null, Time);

        var trainedTop = Top(Model.GetUserFactors(user), Model.GetSeenPosts(user), 10);
        var foldedTop = Top(folded, Model.GetSeenPosts(user), 10);
        Assert.True(trainedTop.Intersect(foldedTop).Count() >= 7, $"overlap {trainedTop.Intersect(foldedTop).Count()}");
        Assert.All(folded, v => Assert.True(v >= 0));
    }

    [Fact]
    public void FoldIn_NewUserWithBlockHistory_GetsBlockRecommendations()
    {
        var history = Enumerable.Range(0, 8).Select(i => new Engagement("new", $"p1-{i}", EngagementKind.Like, TestData.Epoch)).ToList();

        var folded = Model.FoldIn(history, null, Time);
        var seen = history.Select(e => Model.Posts.IndexOf(e.PostId)).ToArray();
        var top = Top(folded, seen, 5);

        Assert.All(top, p => Assert.StartsWith("p1-", p, StringComparison.Ordinal));
    }

    [Fact]
    public void FoldIn_NothingKnown_ReturnsZeros()
    {
        Assert.All(Model.FoldIn([new Engagement("x", "unknown-post", EngagementKind.Like, TestData.Epoch)], null, Time), v => Assert.Equal(0f, v));
        Assert.All(Model.FoldIn([-1, 5], [1f, float.NaN]), v => Assert.Equal(0f, v));
        Assert.Equal(Model.FactorCount, Model.FoldIn([], []).Length);
    }

    [Fact]
    public void FoldIn_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => Model.FoldIn([1, 2], [1f]));
    }

    [Fact]
    public async Task Model_ConcurrentReaders_AgreeWithSequential()
    {
        var expected = Enumerable.Range(0, Model.Users.Count).Select(u => Model.Recommend(Model.Users[u], 5)).ToArray();

        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var u = 0; u < Model.Users.Count; u++)
            {
                Assert.Equal(expected[u], Model.Recommend(Model.Users[u], 5));
            }
        }));

        await Task.WhenAll(tasks);
    }

    [Fact]
    public void RecommendAndSimilarPosts_CountIntMaxValue_ReturnAtMostTheCatalogue()
    {
        var user = Model.Users[0];

        var recommended = Model.Recommend(user, int.MaxValue);
        var similar = Model.SimilarPosts(Model.Posts[0], int.MaxValue);
        var spanned = Model.Recommend(Model.GetUserFactors(0), [], new ScoredIndex[Model.Posts.Count + 1_000]);

        Assert.Equal(Model.Posts.Count - Model.GetSeenPosts(0).Length, recommended.Count);
        Assert.Equal(Model.Posts.Count - 1, similar.Count);
        Assert.Equal(Model.Posts.Count, spanned);
        Assert.Equal(Model.Recommend(user, Model.Posts.Count).Select(p => p.PostId), recommended.Select(p => p.PostId));
    }

    private static string[] Top(ReadOnlySpan<float> factors, ReadOnlySpan<int> excluded, int n)
    {
        var buffer = new ScoredIndex[n];
        var count = Model.Recommend(factors, excluded, buffer);
        return buffer.Take(count).Select(s => Model.Posts[s.Index]).ToArray();
    }
}
