using System.Buffers;
using System.Runtime.InteropServices;
using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

public sealed partial class HybridRanker
{
    internal RankedPost[] Rank(in RankingUser user, IReadOnlyList<Post> candidates, RankingFilter? filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var n = candidates.Count;
        if (n == 0 || limit <= 0)
        {
            return [];
        }

        var posts = ArrayPool<Post?>.Shared.Rent(n);
        var indices = ArrayPool<int>.Shared.Rent(n);
        var order = ArrayPool<int>.Shared.Rent(n);
        var scores = ArrayPool<float>.Shared.Rent(n);
        var buffer = ArrayPool<float>.Shared.Rent(n * F);
        var authorBuffer = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var kept = CandidateAdmission.Admit(candidates, filter, user.RecentlySeen, posts, _extractor.Store.Posts, indices);
            var keptPosts = posts.AsSpan(0, kept);
            var storePosts = indices.AsSpan(0, kept);

            var rows = buffer.AsSpan(0, kept * F);
            var authors = authorBuffer.AsSpan(0, kept);
            _extractor.FillPairFeatures(Resolve(user), storePosts, keptPosts, rows, authors);
            AuthorKeys(keptPosts, authors);
            var blend = Model.Blend;
            var count = 0;
            for (var i = 0; i < kept; i++)
            {
                var row = rows.Slice(i * F, F);
                if (_options.DropSeen && row[PairFeatureColumns.AlreadySeen] != 0f)
                {
                    continue;
                }

                if (!user.UseEngagement)
                {
                    ClearEngagement(row);
                }

                scores[i] = blend.Logit(row);
                order[count++] = i;
            }

            // The calibrated probabilities of every kept row at once (SIMD), then ranked by them.
            blend.Probabilities(scores.AsSpan(0, kept));

            var ranked = order.AsSpan(0, count);
            Sort(ranked, scores, keptPosts);
            Diversify(ranked, authors, _options.MaxAuthorRun);
            var take = Math.Min(limit, count);
            var result = new RankedPost[take];
            var explain = Math.Min(take, _options.ExplainTop);
            for (var r = 0; r < take; r++)
            {
                var i = ranked[r];
                var row = rows.Slice(i * F, F);
                var source = row[PairFeatureColumns.UserKnown] == 0f || row[PairFeatureColumns.PostKnown] == 0f
                    ? RecommendationSource.ColdStart
                    : RecommendationSource.Model;
                var reasons = r < explain ? Explain(user, keptPosts[i]!, row) : (IReadOnlyList<string>)[];
                result[r] = new RankedPost(keptPosts[i]!.Id, scores[i], source, reasons);
            }

            return result;
        }
        finally
        {
            Array.Clear(posts, 0, n);
            ArrayPool<Post?>.Shared.Return(posts);
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(authorBuffer);
        }
    }

    internal RankedPost[] Recommend(in RankingUser user, int count, RankingFilter? filter)
    {
        if (count == 0 || Catalog.Count == 0)
        {
            return [];
        }

        // Never more than the catalogue: a count of int.MaxValue must not size buffers.
        count = Math.Min(count, Catalog.Count);

        var budget = Math.Max(_options.RecommendCandidates, count * 2);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<Post>(budget);
        void Add(string id)
        {
            if (candidates.Count < budget && Catalog.TryGet(id, out var post) && ids.Add(id))
            {
                candidates.Add(post);
            }
        }

        // 1. What the collaborative model likes best (half the budget).
        if (user.Personalized && Model.Collaborative is { } nmf)
        {
            var factors = user.CollaborativeFactors ?? (nmf.Users.TryGetIndex(user.UserId, out var u) ? nmf.GetUserFactors(u).ToArray() : null);
            if (factors is not null && factors.Length == nmf.FactorCount)
            {
                var seen = nmf.Users.TryGetIndex(user.UserId, out var nu) ? nmf.GetSeenPosts(nu) : [];
                var top = new ScoredIndex[budget / 2];
                var found = nmf.Recommend(factors, seen, top);
                for (var i = 0; i < found; i++)
                {
                    Add(nmf.Posts[top[i].Index]);
                }
            }
        }

        // 2. What people who engaged with the user's posts also engaged with (a quarter of the budget).
        var store = Model.Features;
        var graph = store.Data.CoEngagement;
        var history = graph.ScoringHistory(store.Users.IndexOf(user.UserId), user.CoEngagementHistory);
        if (user.Personalized && !graph.IsEmpty && !history.IsEmpty)
        {
            var top = new ScoredIndex[budget / 4];
            var scratch = PairScratch.Rent();
            int found;
            try
            {
                found = graph.Top(history, top, scratch.CoEngagement(graph.Posts));
            }
            finally
            {
                PairScratch.Return(scratch);
            }

            for (var i = 0; i < found; i++)
            {
                Add(store.Posts[top[i].Index]);
            }
        }

        // 3. Fresh posts, newest first (most of a feed is new: no engagement has touched them yet).
        var fresh = Catalog.CreatedSince(_timeProvider.GetUtcNow() - _options.FreshWindow);
        for (var i = fresh.Length - 1; i >= 0 && candidates.Count < budget - (budget / 8); i--)
        {
            Add(fresh[i].Id);
        }

        // 4. The most engaged posts fill the rest.
        foreach (var id in Catalog.Popular)
        {
            if (candidates.Count >= budget)
            {
                break;
            }

            Add(id);
        }

        return Rank(user, candidates, filter, count);
    }

    /// <summary>
    /// Score descending; equal scores by post id (ordinal), so the order is deterministic. Sorts one packed key per
    /// row (the score's order in the high half, the row in the low half; about 10% faster than sorting float keys
    /// with the rows as items) and then orders only the runs of equal scores by id (a comparer reading ids for every
    /// comparison costs twice as much).
    /// </summary>
    internal static void Sort(Span<int> order, float[] scores, ReadOnlySpan<Post?> posts)
    {
        var n = order.Length;
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, n));
        try
        {
            var keySpan = keys.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                keySpan[i] = ((ulong)DescendingKey(scores[order[i]]) << 32) | (uint)order[i];
            }

            keySpan.Sort();
            for (var i = 0; i < n; i++)
            {
                order[i] = (int)(uint)keySpan[i];
            }

            var start = 0;
            while (start < n)
            {
                var score = keySpan[start] >> 32;
                var end = start + 1;
                while (end < n && keySpan[end] >> 32 == score)
                {
                    end++;
                }

                if (end - start > 1)
                {
                    SortRunById(order.Slice(start, end - start), posts);
                }

                start = end;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>
    /// A key whose unsigned order is the score's descending order (IEEE bits made monotonic, then inverted);
    /// -0 and +0 share a key. Scores are finite.
    /// </summary>
    private static uint DescendingKey(float score)
    {
        var bits = BitConverter.SingleToUInt32Bits(score + 0f);
        var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ~ascending;
    }

    private static void SortRunById(Span<int> run, ReadOnlySpan<Post?> posts)
    {
        // Insertion sort: runs of equal scores are short.
        for (var i = 1; i < run.Length; i++)
        {
            var item = run[i];
            var id = posts[item]!.Id;
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(posts[run[j]]!.Id, id) > 0)
            {
                run[j + 1] = run[j];
                j--;
            }

            run[j + 1] = item;
        }
    }

    /// <summary>
    /// Turns the store's author index of each kept post (from the features) into a key that diversity can compare:
    /// an author the store does not know gets a key of its own past the store's authors; -1 stays "no author".
    /// </summary>
    private void AuthorKeys(ReadOnlySpan<Post?> posts, Span<int> keys)
    {
        Dictionary<string, int>? unknown = null;
        var next = _extractor.Store.Authors.Count;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] >= 0 || posts[i]!.AuthorId is not { Length: > 0 } author)
            {
                continue;
            }

            unknown ??= new Dictionary<string, int>(StringComparer.Ordinal);
            ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(unknown, author, out var exists);
            if (!exists)
            {
                key = next++;
            }

            keys[i] = key;
        }
    }

    /// <summary>
    /// Author diversity: when more than <paramref name="max"/> posts of one author would follow each other, the next
    /// post by someone else moves up (the rest keep their order). Authors are compared by key (see
    /// <see cref="AuthorKeys"/>); posts without an author (key -1) never form a run.
    /// </summary>
    internal static void Diversify(Span<int> order, ReadOnlySpan<int> authors, int max)
    {
        if (max <= 0 || order.Length <= max)
        {
            return;
        }

        for (var r = max; r < order.Length; r++)
        {
            var author = authors[order[r]];
            if (author < 0 || !RunBefore(order, authors, r, author, max))
            {
                continue;
            }

            // Find the next post by another author and move it to position r.
            var swap = r + 1;
            while (swap < order.Length && authors[order[swap]] == author)
            {
                swap++;
            }

            if (swap == order.Length)
            {
                return;
            }

            var moved = order[swap];
            order.Slice(r, swap - r).CopyTo(order.Slice(r + 1, swap - r));
            order[r] = moved;
        }
    }

    private static bool RunBefore(ReadOnlySpan<int> order, ReadOnlySpan<int> authors, int r, int author, int max)
    {
        for (var j = r - max; j < r; j++)
        {
            if (authors[order[j]] != author)
            {
                return false;
            }
        }

        return true;
    }
}
