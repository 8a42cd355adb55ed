using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// The feed task prepared once for all models: the test rows in timestamp order, the windows, and in each window the
/// (user, candidates left out, relevant posts) pairs to score. Candidates of a window are the posts created in the
/// 3 days before its start; a user's engaged posts (train, and test rows before the window) are left out; the
/// relevant posts are the user's test rows in the window that are candidates.
/// </summary>
internal sealed class FeedPlan
{
    private FeedPlan(IdIndex catalog, Engagement[] test, FeedPlanWindow[] windows)
    {
        Catalog = catalog;
        Test = test;
        Windows = windows;
    }

    public IdIndex Catalog { get; }

    /// <summary>The test rows, sorted by timestamp (stable).</summary>
    public Engagement[] Test { get; }

    public FeedPlanWindow[] Windows { get; }

    public int TrainUsers { get; private set; }

    public DateTimeOffset ReferenceTime { get; private set; }

    /// <summary>Distinct posts that were a candidate in some window (the denominator of coverage).</summary>
    public int CandidatePosts { get; private set; }

    /// <summary>Relevant (user, post, window) triples over all pairs.</summary>
    public int RelevantRows { get; private set; }

    public static FeedPlan Create(EvaluationData data, EvaluationOptions options)
    {
        EvaluationPlan.CheckData(data);
        if (data.Posts.Count == 0)
        {
            throw new ArgumentException("The feed task needs the posts (a posts file): its candidates are the posts created in the days before each window.", nameof(data));
        }

        var catalog = EvaluationPlan.BuildCatalog(data);
        var seen = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var watermark = DateTimeOffset.MinValue;
        foreach (var e in data.Train)
        {
            Seen(seen, e.UserId).Add(catalog.IndexOf(e.PostId));
            watermark = e.Timestamp > watermark ? e.Timestamp : watermark;
        }

        var trainUsers = seen.Count;
        var test = SortedByTime(data.Test);
        var posts = PostsByCreation(data.Posts, catalog);
        var windows = new List<FeedPlanWindow>();
        var inPool = new bool[catalog.Count];
        var everCandidate = new bool[catalog.Count];
        var candidatePosts = 0;
        var relevantRows = 0;
        var row = 0;
        for (var start = test.Length == 0 ? DateTimeOffset.MaxValue : test[0].Timestamp; row < test.Length; start += options.Step)
        {
            var end = start + options.Step;
            var pool = Pool(posts, start - EvaluationDefaults.CandidateWindow, start);
            foreach (var p in pool)
            {
                inPool[p] = true;
                if (!everCandidate[p])
                {
                    everCandidate[p] = true;
                    candidatePosts++;
                }
            }

            var first = row;
            while (row < test.Length && test[row].Timestamp < end)
            {
                row++;
            }

            var pairs = Pairs(test.AsSpan(first, row - first), catalog, seen, inPool);
            foreach (var pair in pairs)
            {
                relevantRows += pair.Relevant.Length;
            }

            windows.Add(new FeedPlanWindow(start, first, row, pool, pairs));
            foreach (var p in pool)
            {
                inPool[p] = false;
            }

            for (var i = first; i < row; i++)
            {
                Seen(seen, test[i].UserId).Add(catalog.IndexOf(test[i].PostId));
            }
        }

        return new FeedPlan(catalog, test, [.. windows])
        {
            TrainUsers = trainUsers,
            ReferenceTime = watermark,
            CandidatePosts = candidatePosts,
            RelevantRows = relevantRows,
        };
    }

    private static HashSet<int> Seen(Dictionary<string, HashSet<int>> seen, string userId)
    {
        ref var set = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, userId, out _);
        return set ??= [];
    }

    /// <summary>The window's users in order of their first row, each with the candidates they saw and their relevant ones.</summary>
    private static FeedPair[] Pairs(ReadOnlySpan<Engagement> rows, IdIndex catalog, Dictionary<string, HashSet<int>> seen, bool[] inPool)
    {
        var relevant = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in rows)
        {
            var post = catalog.IndexOf(e.PostId);
            var before = seen.GetValueOrDefault(e.UserId);
            if (!inPool[post] || (before is not null && before.Contains(post)))
            {
                continue;
            }

            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(relevant, e.UserId, out var exists);
            if (!exists)
            {
                order.Add(e.UserId);
            }

            (list ??= []).Add(post);
        }

        var pairs = new FeedPair[order.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var user = order[i];
            var excluded = new List<int>();
            if (seen.TryGetValue(user, out var before))
            {
                foreach (var p in before)
                {
                    if (inPool[p])
                    {
                        excluded.Add(p);
                    }
                }
            }

            pairs[i] = new FeedPair(user, EvaluationPlan.SortedDistinct(excluded), EvaluationPlan.SortedDistinct(relevant[user]));
        }

        return pairs;
    }

    private static Engagement[] SortedByTime(IReadOnlyList<Engagement> test)
    {
        var rows = test.ToArray();
        var keys = new long[rows.Length];
        var order = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            keys[i] = rows[i].Timestamp.UtcTicks;
            order[i] = i;
        }

        // Stable: equal timestamps keep file order (the index breaks the tie).
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var sorted = new Engagement[rows.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = rows[order[i]];
        }

        return sorted;
    }

    /// <summary>The posts' creation ticks, ascending, and beside each its catalogue index.</summary>
    private static (long[] Ticks, int[] Index) PostsByCreation(IReadOnlyList<Post> posts, IdIndex catalog)
    {
        var ticks = new long[posts.Count];
        var index = new int[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            ticks[i] = posts[i].CreatedAt.UtcTicks;
            index[i] = catalog.IndexOf(posts[i].Id);
        }

        Array.Sort(ticks, index);
        return (ticks, index);
    }

    /// <summary>The catalogue indices, ascending and distinct, of the posts created in [from, to).</summary>
    private static int[] Pool((long[] Ticks, int[] Index) posts, DateTimeOffset from, DateTimeOffset to)
    {
        var first = SortedSearch.LowerBound(posts.Ticks, from.UtcTicks);
        var end = SortedSearch.LowerBound(posts.Ticks, to.UtcTicks);
        return EvaluationPlan.SortedDistinct([.. posts.Index.AsSpan(first, end - first)]);
    }
}

/// <summary>One window: its start, its test rows [<see cref="FirstRow"/>, <see cref="EndRow"/>), its candidate pool (ascending) and the pairs to score.</summary>
internal sealed record FeedPlanWindow(DateTimeOffset Start, int FirstRow, int EndRow, int[] Pool, FeedPair[] Pairs);

/// <summary>A (user, window) pair: the pool's posts the user engaged with before (left out) and the relevant ones, both ascending.</summary>
internal sealed record FeedPair(string UserId, int[] Excluded, int[] Relevant);
