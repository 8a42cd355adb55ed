using CsCheck;
using Recommender.Content;
using Recommender.Data;
using static Recommender.Core.Tests.Content.ContentFixtures;

namespace Recommender.Core.Tests.Content;

public class ContentPropertyTests
{
    private static readonly string[] TagPool = ["a", "b", "c", "d", "e", "f"];
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "omega", "the", "x1"];

    private static readonly Gen<Post> GenPost =
        Gen.Select(
            Gen.Int[0, 9],
            Gen.Int[0, 3],
            Gen.Int[0, TagPool.Length - 1].Array[0, 4],
            Gen.Int[0, Words.Length - 1].Array[0, 8])
        .Select((id, author, tags, words) => new Post($"p{id}", author == 0 ? null : $"a{author}", Now.AddHours(-id))
        {
            Tags = [.. tags.Select(t => TagPool[t])],
            Text = words.Length == 0 ? null : string.Join(' ', words.Select(w => Words[w])),
        });

    private static readonly Gen<Engagement> GenEngagement =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 11], Gen.Enum<EngagementKind>(), Gen.Int[0, 30 * 24])
        .Select((u, p, kind, hours) => new Engagement($"u{u}", $"p{p}", kind, Now.AddHours(-hours)));

    [Fact]
    public void Scores_AnyData_AreFiniteAndWithinZeroAndOne()
    {
        Gen.Select(GenPost.Array[1, 12], GenEngagement.Array[0, 40], GenPost.Array[1, 5])
            .Sample((posts, engagements, fresh) =>
            {
                var model = Train(posts, engagements, new ContentOptions { MinDocumentFrequency = 1 });
                for (var u = 0; u < model.Users.Count; u++)
                {
                    var weights = model.GetProfileWeights(u);
                    var norm = Math.Sqrt(weights.ToArray().Sum(w => (double)w * w));
                    if (!(weights.IsEmpty || Math.Abs(norm - 1) < 1e-4))
                    {
                        return false;
                    }

                    var profile = model.GetProfile(u);
                    foreach (var post in posts.Concat(fresh))
                    {
                        var s = model.Score(profile, post);
                        if (!float.IsFinite(s) || s < 0f || s > 1f)
                        {
                            return false;
                        }
                    }
                }

                return true;
            }, iter: 200);
    }

    [Fact]
    public void PostVectors_AnyData_AreUnitOrEmptyWithAscendingTerms()
    {
        Gen.Select(GenPost.Array[1, 12], GenEngagement.Array[0, 20])
            .Sample((posts, engagements) =>
            {
                var model = Train(posts, engagements, new ContentOptions { MinDocumentFrequency = 1 });
                for (var p = 0; p < model.Posts.Count; p++)
                {
                    var vector = model.GetPostVector(p).ToArray();
                    var terms = vector.Select(e => e.Term).ToArray();
                    var weights = vector.Select(e => e.Weight).ToArray();
                    for (var k = 1; k < terms.Length; k++)
                    {
                        if (terms[k] <= terms[k - 1])
                        {
                            return false;
                        }
                    }

                    var norm = Math.Sqrt(weights.Sum(w => (double)w * w));
                    if (weights.Any(w => !(w > 0f)) || (weights.Length > 0 && Math.Abs(norm - 1) > 1e-4))
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 200);
    }
}
