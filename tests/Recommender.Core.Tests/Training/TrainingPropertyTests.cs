using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serialization;
using Recommender.Training;

namespace Recommender.Core.Tests.Training;

/// <summary>
/// Issue 13's fuzz suite, training part: random engagement sets, hostile on purpose (weights huge, tiny, negative,
/// NaN, infinite, zero; kinds outside the enum; duplicate pairs; timestamps from year 1 to 9999 around the clock; one
/// user, one post, nothing), with and without a bulk of ordinary engagements (so that the blend is learned too), go
/// into training. Either training fails with one line, or the model holds no NaN anywhere, and saves, loads, saves
/// the same bytes again, and ranks and recommends finite scores. CsCheck prints the seed of a failing case.
/// </summary>
public sealed class TrainingPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<float?> GenWeight = Gen.OneOf(
        Gen.Const((float?)null),
        Gen.Float[0.01f, 10f].Select(w => (float?)w),
        Gen.Float[-10f, -0.01f].Select(w => (float?)w),
        Gen.OneOf<float?>(0f, 1e-30f, -1e-30f, float.Epsilon, 1e6f, -1e6f, 1.0000001e6f, 1e38f, -1e38f, float.MaxValue, float.MinValue, float.NaN, float.PositiveInfinity, float.NegativeInfinity));

    private static readonly Gen<DateTimeOffset> GenTime = Gen.OneOf(
        Gen.Int[0, 24 * 30].Select(h => Now.AddHours(-h)),
        Gen.Int[1, 24 * 3].Select(h => Now.AddHours(h)),
        Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero)),
        Gen.OneOf(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch, Now, Now.AddDays(1), Now.AddDays(1).AddTicks(1)));

    private static readonly Gen<EngagementKind> GenKind = Gen.Frequency(
        (9, Gen.Enum<EngagementKind>()),
        (1, Gen.Int[-3, 12].Select(k => (EngagementKind)k)));

    private static Gen<Engagement> GenEngagement(int users, int posts) =>
        Gen.Select(Gen.Int[0, users - 1], Gen.Int[0, posts], GenKind, GenTime, GenWeight)
            .Select((u, p, kind, at, weight) => new Engagement($"u{u}", $"p{p}", kind, at, weight));

    private static Gen<Post> GenPost(int posts) =>
        Gen.Select(Gen.Int[0, posts - 1], Gen.Int[0, 3], Gen.Int[0, 3].Array[0, 3], GenTime, Gen.Bool)
            .Select((id, author, tags, created, text) => new Post($"p{id}", author == 0 ? null : $"a{author}", created)
            {
                Tags = [.. tags.Select(t => $"t{t}")],
                Text = text ? "words about t1 and t2" : null,
            });

    private sealed record Case(Post[] Posts, Engagement[] Engagements, bool Bulk, bool LearnBlend, int Seed);

    private static readonly Gen<Case> GenCase =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 8], Gen.Bool, Gen.Bool, Gen.Int[0, 1000])
            .SelectMany((users, posts, bulk, learn, seed) =>
                Gen.Select(GenPost(posts).Array[0, posts], GenEngagement(users, posts).Array[0, 40])
                    .Select((p, e) => new Case(p, e, bulk, learn, seed)));

    /// <summary>300 ordinary engagements over 40 users and 60 posts, enough for the blend to be learned.</summary>
    private static readonly Lazy<(Post[] Posts, Engagement[] Engagements)> Bulk = new(() =>
    {
        var random = new Random(5);
        var posts = Enumerable.Range(0, 60).Select(i => new Post($"b{i}", $"a{i % 4}", Now.AddHours(-random.Next(24 * 20))) { Tags = [$"t{i % 5}"] }).ToArray();
        var engagements = Enumerable.Range(0, 300)
            .Select(_ => new Engagement($"bu{random.Next(40)}", $"b{random.Next(60)}", (EngagementKind)random.Next(6), Now.AddHours(-random.Next(24 * 20))))
            .ToArray();
        return (posts, engagements);
    });

    [Fact]
    public void Fit_AnyEngagements_FailsInOneLine_OrGivesAFiniteModelThatRoundTripsAndRanks()
    {
        GenCase.Sample(
            c =>
            {
                var options = new RecommenderOptions();
                options.Collaborative.Factors = 3;
                options.Collaborative.MaxIterations = 4;
                options.Collaborative.Seed = c.Seed;
                options.Content.MinDocumentFrequency = 1;
                options.Ranking.LearnBlend = c.LearnBlend;
                var clock = new FakeTimeProvider(Now);
                var posts = c.Bulk ? [.. c.Posts, .. Bulk.Value.Posts] : c.Posts;
                var engagements = c.Bulk ? [.. c.Engagements, .. Bulk.Value.Engagements] : c.Engagements;

                RecommenderModel model;
                try
                {
                    model = new RecommenderTrainer(options, null, clock).Fit([], posts, engagements);
                }
                catch (InvalidOperationException ex)
                {
                    Assert.DoesNotContain('\n', ex.Message);
                    return;
                }

                Assert.Null(ModelVerifier.FindProblem(model));
                var bytes = Save(model);
                RecommenderModel loaded;
                try
                {
                    loaded = RecommenderModel.Load(new MemoryStream(bytes));
                }
                catch (ModelFormatException ex)
                {
                    Assert.Fail($"A trained model does not load back: {ex.Message}");
                    return;
                }

                Assert.Equal(bytes, Save(loaded));
                var ranker = new HybridRanker(loaded, null, clock);
                var candidates = posts.DistinctBy(p => p.Id).Take(12).Append(new Post("fresh", "a1", Now.AddMinutes(-5)) { Tags = ["t1"] }).ToArray();
                foreach (var user in new[] { "u0", "bu1", "someone-new" })
                {
                    AssertFinite(ranker.Rank(user, candidates));
                    AssertFinite(ranker.Recommend(user, 10));
                }
            },
            iter: 500,
            threads: 1,
            print: c => $"{c.Posts.Length} posts, bulk {c.Bulk}, blend {c.LearnBlend}, seed {c.Seed}, engagements: " +
                string.Join("; ", c.Engagements.Select(e => $"{e.UserId} {e.PostId} {(int)e.Kind} {e.Timestamp.UtcTicks} {e.Weight?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}")));
    }

    private static void AssertFinite(IReadOnlyList<RankedPost> ranked)
    {
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score), $"{r.PostId} scored {r.Score}"));
        Assert.Equal(ranked.Count, ranked.Select(r => r.PostId).Distinct().Count());
    }

    private static byte[] Save(RecommenderModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
