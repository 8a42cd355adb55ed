using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Core.Tests.Ranking;

/// <summary>
/// For random small data (any kinds, negative ones included, posts without tags or author, follows) and random
/// requests (known, new and duplicated candidates; random filters and shaping): scores finite and in [0, 1], output
/// sorted by score then id (diversity off), nothing excluded, no duplicates, no seen post when DropSeen.
/// </summary>
public sealed class HybridRankerPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Post> GenPost =
        Gen.Select(Gen.Int[0, 14], Gen.Int[0, 4], Gen.Int[0, 4].Array[0, 3], Gen.Int[0, 24 * 20], Gen.Bool)
        .Select((id, author, tags, hours, text) => new Post($"p{id}", author == 0 ? null : $"a{author}", Now.AddHours(-hours))
        {
            Tags = [.. tags.Select(t => $"t{t}")],
            Text = text ? "words about t1 and t2" : null,
        });

    private static readonly Gen<Engagement> GenEngagement =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 14], Gen.Enum<EngagementKind>(), Gen.Int[0, 24 * 20], Gen.Float[0.1f, 3f], Gen.Bool)
        .Select((u, p, kind, hours, weight, unit) => new Engagement($"u{u}", $"p{p}", kind, Now.AddHours(-hours), unit ? null : weight));

    private static readonly Gen<Follow> GenFollow =
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 4]).Select((u, a) => new Follow($"u{u}", $"a{a}", Now.AddDays(-1)));

    private static readonly Gen<RankingFilter?> GenFilter =
        Gen.Select(Gen.Int[0, 20].Array[0, 3], Gen.Int[0, 4].Array[0, 2], Gen.Int[0, 4].Array[0, 2], Gen.Bool)
        .Select((ids, authors, tags, none) => none ? null : new RankingFilter
        {
            ExcludePostIds = [.. ids.Select(i => $"p{i}")],
            ExcludeAuthorIds = [.. authors.Select(a => $"a{a}")],
            ExcludeTags = [.. tags.Select(t => t % 2 == 0 ? $"#T{t}" : $"t{t}")],
        });

    private sealed record Request(string User, Post[] Candidates, RankingFilter? Filter, bool DropSeen, int MaxAuthorRun);

    private static Gen<Request> GenRequest(Post[] posts) =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, posts.Length - 1].Array[0, 25], GenPost.Array[0, 5], GenFilter, Gen.Bool, Gen.Int[0, 3])
        .Select((u, picks, fresh, filter, dropSeen, run) => new Request(
            u == 6 ? "new-user" : $"u{u}",
            [.. picks.Select(i => posts[i]), .. fresh.Select(p => p with { Id = "n" + p.Id })],
            filter,
            dropSeen,
            run));

    [Fact]
    public void RankAndRecommend_AnyDataAndRequest_KeepEveryPromise()
    {
        Gen.Select(GenPost.Array[1, 15], GenEngagement.Array[0, 60], GenFollow.Array[0, 6])
            .SelectMany((posts, engagements, follows) => GenRequest(posts).Array[1, 6].Select(requests => (posts, engagements, follows, requests)))
            .Sample(
                x =>
                {
                    var (posts, engagements, follows, requests) = x;
                    var options = new RecommenderOptions();
                    options.Collaborative.Factors = 3;
                    options.Collaborative.MaxIterations = 5;
                    options.Content.MinDocumentFrequency = 1;
                    var clock = new FakeTimeProvider(Now);
                    var model = new RecommenderTrainer(options, null, clock).Fit([], posts, engagements, follows);
                    foreach (var request in requests)
                    {
                        var ranker = new HybridRanker(model, new RankingOptions { DropSeen = request.DropSeen, MaxAuthorRun = request.MaxAuthorRun }, clock);
                        var seen = engagements.Where(e => e.UserId == request.User && Enum.IsDefined(e.Kind)).Select(e => e.PostId).ToHashSet(StringComparer.Ordinal);
                        var ranked = ranker.Rank(request.User, request.Candidates, request.Filter);
                        var expected = request.Candidates.Select(p => p.Id).Distinct()
                            .Where(id => !request.DropSeen || !seen.Contains(id))
                            .Count(id => !Excluded(request.Candidates.First(p => p.Id == id), request.Filter));
                        Check(ranked, request, seen, expected, id => request.Candidates.First(p => p.Id == id));
                        Check(ranker.Recommend(request.User, 8, request.Filter), request, seen, -1, id => ranker.Catalog.TryGet(id, out var post) ? post : throw new InvalidOperationException($"{id} is not in the catalogue"));
                    }
                },
                iter: 200);
    }

    private static bool Excluded(Post post, RankingFilter? filter) =>
        filter is not null
        && ((filter.ExcludePostIds?.Contains(post.Id) ?? false)
            || (post.AuthorId is not null && (filter.ExcludeAuthorIds?.Contains(post.AuthorId) ?? false))
            || post.Tags.Any(t => filter.ExcludeTags?.Any(x => string.Equals(x.TrimStart('#'), t, StringComparison.OrdinalIgnoreCase)) ?? false));

    private static void Check(IReadOnlyList<RankedPost> ranked, Request request, HashSet<string> seen, int expectedCount, Func<string, Post> postOf)
    {
        if (expectedCount >= 0)
        {
            Assert.Equal(expectedCount, ranked.Count);
        }
        else
        {
            Assert.InRange(ranked.Count, 0, 8);
        }

        Assert.Equal(ranked.Count, ranked.Select(r => r.PostId).Distinct().Count());
        foreach (var r in ranked)
        {
            Assert.True(float.IsFinite(r.Score) && r.Score is >= 0f and <= 1f, $"score {r.Score}");
            Assert.False(request.DropSeen && seen.Contains(r.PostId), $"{r.PostId} was seen by {request.User}");
            Assert.Equal(request.User == "new-user" ? RecommendationSource.ColdStart : r.Source, r.Source);
        }

        foreach (var r in ranked)
        {
            Assert.False(Excluded(postOf(r.PostId), request.Filter), $"{r.PostId} should have been filtered out");
        }

        if (request.MaxAuthorRun == 0)
        {
            HybridRankerInputTests.AssertSortedByScoreThenId(ranked);
        }
    }
}
