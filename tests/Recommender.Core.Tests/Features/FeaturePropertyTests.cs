using CsCheck;
using Recommender.Content;
using Recommender.Data;
using Recommender.Features;
using static Recommender.Core.Tests.Features.FeatureFixtures;

namespace Recommender.Core.Tests.Features;

public class FeaturePropertyTests
{
    private static readonly Gen<Post> GenPost =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 3], Gen.Int[0, 3].Array[0, 3], Gen.Int[-48, 24 * 20], Gen.Bool)
        .Select((id, author, tags, hours, text) => new Post($"p{id}", author == 0 ? null : $"a{author}", Now.AddHours(-hours))
        {
            Tags = [.. tags.Select(t => $"t{t}")],
            Text = text ? "some words about t1 and t2" : null,
        });

    private static readonly Gen<Engagement> GenEngagement =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 11], Gen.Enum<EngagementKind>(), Gen.Int[-5, 30 * 24], Gen.Float[0f, 3f])
        .Select((u, p, kind, hours, weight) => new Engagement($"u{u}", $"p{p}", kind, Now.AddHours(-hours), weight));

    private static readonly Gen<Follow> GenFollow =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3]).Select((u, a) => new Follow($"u{u}", $"a{a}", Now));

    [Fact]
    public void PairFeatures_AnyData_AreFiniteAndWithinTheirRanges()
    {
        Gen.Select(GenPost.Array[1, 10], GenEngagement.Array[0, 40], GenFollow.Array[0, 6], GenPost.Array[1, 4])
            .Sample((posts, engagements, follows, fresh) =>
            {
                var builder = new FeatureStoreBuilder(timeProvider: Clock());
                foreach (var p in posts)
                {
                    builder.AddPost(p);
                }

                foreach (var f in follows)
                {
                    builder.AddFollow(f);
                }

                foreach (var e in engagements)
                {
                    builder.AddEngagement(e);
                }

                var content = new ContentTrainer(new ContentOptions { MinDocumentFrequency = 1 }, timeProvider: Clock()).Fit(posts, engagements);
                var extractor = new FeatureExtractor(builder.Build(), content, timeProvider: Clock());
                Post[] candidates = [.. posts, .. fresh];
                var indices = new int[candidates.Length];
                extractor.ResolvePosts(candidates, indices);
                var matrix = new float[candidates.Length * PairFeatureColumns.Count];
                foreach (var user in new[] { "u0", "u1", "u2", "u3", "u4", "unknown" })
                {
                    extractor.FillPairFeatures(extractor.ResolveUser(user), indices, candidates, matrix);
                    for (var i = 0; i < candidates.Length; i++)
                    {
                        var row = matrix.AsSpan(i * PairFeatureColumns.Count, PairFeatureColumns.Count);
                        foreach (var v in row)
                        {
                            if (!float.IsFinite(v) || v < 0f)
                            {
                                return false;
                            }
                        }

                        foreach (var c in new[] { PairFeatureColumns.ContentSimilarity, PairFeatureColumns.AuthorEngagementShare, PairFeatureColumns.AuthorAffinity, PairFeatureColumns.TimeMatch, PairFeatureColumns.Freshness })
                        {
                            if (row[c] > 1f)
                            {
                                return false;
                            }
                        }

                        if (row[PairFeatureColumns.Freshness] <= 0f && row[PairFeatureColumns.PostAgeHours] < 24 * 30)
                        {
                            return false;
                        }
                    }

                    var u = extractor.GetUserFeatures(user);
                    if (Math.Abs(u.ActivityByHour.Sum() - (u.TotalEngagements > 0 ? 1f : 0f)) > 1e-4f
                        || Math.Abs(u.PreferredAuthors.Sum(a => a.Weight)) > 1.0001f)
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 150);
    }
}
