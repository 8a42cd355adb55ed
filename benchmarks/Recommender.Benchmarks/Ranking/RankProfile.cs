using System.Diagnostics;
using System.Globalization;
using Recommender.Benchmarks.Data;
using Recommender.Data;
using Recommender.Features;
using Recommender.Ranking;

namespace Recommender.Benchmarks.Ranking;

/// <summary>
/// A Stopwatch breakdown of <see cref="HybridRanker.Rank(string, IReadOnlyList{Post}, RankingFilter?)"/> for the
/// benchmark's 500 candidates: each stage repeated on its own, in microseconds per request, and the bytes one
/// request allocates at 500 and 1,000 candidates (what grows with the candidates). Usage: <c>rank-profile [repeats] [--rank-only]</c>.
/// </summary>
internal static class RankProfile
{
    private const int F = PairFeatureColumns.Count;

    public static int Run(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var (feed, model) = RankingFixture.Load();
        var ranker = new HybridRanker(model, null, new FixedTime(RankingFixture.Now));
        var user = RankingFixture.KnownUser(feed);
        var candidates = RankingFixture.Candidates(feed, 450, 50, seed: 1);
        var n = candidates.Length;
        var extractor = ranker.Extractor;
        var pairUser = extractor.ResolveUser(user);
        var indices = new int[n];
        Post?[] posts = [.. candidates];
        var rows = new float[n * F];
        var scores = new float[n];
        var order = new int[n];
        extractor.ResolvePosts(candidates, indices);
        ranker.Rank(user, candidates);

        if (args.Length > 1 && args[1] == "--rank-only")
        {
            // For a sampling profiler: nothing but the ranking request (perf record -g with DOTNET_PerfMapEnabled=1 and
            // DOTNET_EnableWriteXorExecute=0, else perf cannot name the JIT-compiled methods).
            Time("whole Rank (explain top 10)", repeats, () => ranker.Rank(user, candidates));
            return 0;
        }

        Console.WriteLine($"user {user}: {model.Features.Users.Count:N0} users, {model.Features.Posts.Count:N0} posts; {n} candidates; {repeats:N0} repeats");
        var graph = model.Features.Data.CoEngagement;
        var history = graph.ScoringHistory(model.Features.Users.IndexOf(user));
        var edges = 0;
        foreach (var h in history)
        {
            edges += graph.Neighbours(h).Length;
        }

        Console.WriteLine($"co-engagement: {history.Length} history posts, {edges:N0} neighbour weights scattered per request");
        Time("whole Rank (explain top 10)", repeats, () => ranker.Rank(user, candidates));
        var silent = new HybridRanker(model, new RankingOptions { ExplainTop = 0 }, new FixedTime(RankingFixture.Now));
        Time("whole Rank (no reasons)", repeats, () => silent.Rank(user, candidates));
        var plain = new HybridRanker(model, new RankingOptions { ExplainTop = 0, MaxAuthorRun = 0 }, new FixedTime(RankingFixture.Now));
        Time("whole Rank (no reasons, no diversity)", repeats, () => plain.Rank(user, candidates));
        Time("admit: dedupe HashSet of ids", repeats, () =>
        {
            var set = new HashSet<string>(n, StringComparer.Ordinal);
            foreach (var p in candidates)
            {
                set.Add(p.Id);
            }
        });
        Time("store index per candidate (IndexOf)", repeats, () => extractor.ResolvePosts(candidates, indices));
        Time("resolve user", repeats, () => extractor.ResolveUser(user));
        Time("FillPairFeatures (all columns)", repeats, () => extractor.FillPairFeatures(pairUser, indices, posts, rows));
        var noHistory = extractor.ResolveUser(user, coEngagementHistory: []);
        Time("FillPairFeatures (no co-engagement history)", repeats, () => extractor.FillPairFeatures(noHistory, indices, posts, rows));
        Time("FillPairFeatures (all columns, again)", repeats, () => extractor.FillPairFeatures(pairUser, indices, posts, rows));
        var noUser = extractor.ResolveUser(null);
        Time("FillPairFeatures (unknown user)", repeats, () => extractor.FillPairFeatures(noUser, indices, posts, rows));
        var basicsOnly = new PairUser(pairUser.StoreUser, -1, -1, null, null);
        var withContent = new PairUser(pairUser.StoreUser, pairUser.ContentUser, -1, null, null);
        var withNmf = new PairUser(pairUser.StoreUser, -1, pairUser.CollaborativeUser, null, null);
        Time("FillPairFeatures (basics only)", repeats, () => extractor.FillPairFeatures(basicsOnly, indices, posts, rows));
        Time("FillPairFeatures (basics + content)", repeats, () => extractor.FillPairFeatures(withContent, indices, posts, rows));
        Time("FillPairFeatures (basics + nmf)", repeats, () => extractor.FillPairFeatures(withNmf, indices, posts, rows));
        var blend = model.Blend;
        extractor.FillPairFeatures(pairUser, indices, posts, rows);
        Time("blend.Score per row (folded weights, as the ranker does)", repeats, () =>
        {
            for (var i = 0; i < n; i++)
            {
                scores[i] = blend.Score(rows.AsSpan(i * F, F));
            }
        });
        // The ranker's own stages after the features, on the same rows.
        var kept = new Post?[n];
        var admitted = new int[n];
        Time("admit (store index + bitset dedupe)", repeats, () => CandidateAdmission.Admit(candidates, null, null, kept, model.Features.Posts, admitted));
        Time("blend logits + probabilities", repeats, () =>
        {
            for (var i = 0; i < n; i++)
            {
                scores[i] = blend.Logit(rows.AsSpan(i * F, F));
            }

            blend.Probabilities(scores);
        });
        for (var i = 0; i < n; i++)
        {
            scores[i] = blend.Score(rows.AsSpan(i * F, F));
        }

        Time("sort (score, then id)", repeats, () =>
        {
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            HybridRanker.Sort(order, scores, posts);
        });
        var sorted = (int[])order.Clone();
        var authors = new int[n];
        extractor.FillPairFeatures(pairUser, indices, posts, rows, authors);
        Time("diversify (max run 2)", repeats, () =>
        {
            sorted.CopyTo(order, 0);
            HybridRanker.Diversify(order, authors, 2);
        });
        Time("  (copy only)", repeats, () => sorted.CopyTo(order, 0));
        Time("result array of 500", repeats, () =>
        {
            var result = new RankedPost[n];
            for (var r = 0; r < n; r++)
            {
                result[r] = new RankedPost(posts[order[r]]!.Id, scores[order[r]], RecommendationSource.Model, []);
            }

            return result;
        });

        // Recommend's stages: NMF top 250 of the catalogue, then ranking the gathered candidates.
        Time("whole Recommend(50)", repeats / 20, () => ranker.Recommend(user, 50));
        var nmf = model.Collaborative!;
        var factors = nmf.GetUserFactors(nmf.Users.IndexOf(user)).ToArray();
        var seen = nmf.GetSeenPosts(nmf.Users.IndexOf(user)).ToArray();
        var top = new Recommender.Collaborative.ScoredIndex[250];
        Time("  nmf top 250 of 100k", repeats / 20, () => nmf.Recommend(factors, seen, top));
        var gathered = ranker.Recommend(user, 500).Count;
        Console.WriteLine($"  (Recommend ranks about {gathered} candidates)");

        // Score resolution: the sigmoid in float flattens large logits (1 − p below ~6e-8 rounds to 1).
        var plainBatch = new HybridRanker(model, new RankingOptions { ExplainTop = 0, MaxAuthorRun = 0 }, new FixedTime(RankingFixture.Now));
        int ties = 0, ones = 0, pairs = 0;
        foreach (var list in plainBatch.RecommendBatch([.. feed.Users.Take(1_000).Select(u => u.Id)], 50))
        {
            for (var i = 0; i < list.Count; i++)
            {
                ones += list[i].Score == 1f ? 1 : 0;
                if (i > 0)
                {
                    pairs++;
                    ties += list[i].Score == list[i - 1].Score ? 1 : 0;
                }
            }
        }

        Console.WriteLine($"1,000 users' top 50: {ties:N0} of {pairs:N0} neighbours tie on score, {ones:N0} scores are exactly 1");

        Console.WriteLine($"allocated per Rank: 500 candidates {Allocated(() => ranker.Rank(user, candidates)):N0} B, "
            + $"no reasons {Allocated(() => silent.Rank(user, candidates)):N0} B");
        var more = RankingFixture.Candidates(feed, 950, 50, seed: 1);
        ranker.Rank(user, more);
        Console.WriteLine($"allocated per Rank: 1,000 candidates {Allocated(() => ranker.Rank(user, more)):N0} B, "
            + $"no reasons {Allocated(() => silent.Rank(user, more)):N0} B");
        Console.WriteLine($"allocated per FillPairFeatures: {Allocated(() => extractor.FillPairFeatures(pairUser, indices, posts, rows)):N0} B");
        return 0;
    }

    private static void Time(string name, int repeats, Action action) => Time(name, repeats, () =>
    {
        action();
        return 0;
    });

    private static void Time<T>(string name, int repeats, Func<T> action)
    {
        for (var i = 0; i < Math.Min(1_000, repeats); i++)
        {
            action();
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            action();
        }

        Console.WriteLine($"{name,-45} {watch.Elapsed.TotalMicroseconds / repeats,8:F1} us");
    }

    private static long Allocated(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
