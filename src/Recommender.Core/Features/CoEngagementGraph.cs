using Recommender.Collaborative;
using Recommender.Serialization;

namespace Recommender.Features;

/// <summary>
/// "People who engaged with this also engaged with that": for each post, its strongest co-engaged posts, by the
/// RP3β random walk (Paudel et al., "Updatable, accurate, diverse, and scalable recommendations for interactive
/// applications", 2016): the probability of walking post i → a user who engaged with it → another post j of that
/// user, divided by j's popularity to the power β (so that blockbusters do not neighbour everything). A user's
/// score for a post is the mean of its weights from the posts in their (positive) history. It complements the
/// factorisation: a neighbourhood signal that reacts to a single strong co-occurrence the low-rank factors smooth
/// away, and it explains itself ("people who liked what you liked").
/// </summary>
/// <remarks>
/// Built from each user's positive engagements, at most <see cref="FeatureDefaults.CoEngagementHistory"/> per user
/// (the heaviest), which bounds both training, Σ min(h, cap)², and ranking time. Stored with the feature store.
/// </remarks>
internal sealed class CoEngagementGraph
{
    public static readonly CoEngagementGraph Empty = new([0], [], [], [0], [], 0f);

    private CoEngagementGraph(int[] historyPtr, int[] historyIdx, int[] neighbourPtr, int[] neighbourIdx, float[] neighbourWeights, float popularityExponent)
    {
        HistoryPtr = historyPtr;
        HistoryIdx = historyIdx;
        NeighbourPtr = neighbourPtr;
        NeighbourIdx = neighbourIdx;
        NeighbourWeights = neighbourWeights;
        PopularityExponent = popularityExponent;
    }

    /// <summary>Per user (store index): the posts of their positive history, heaviest first (the graph was built from these; scoring reads a prefix).</summary>
    public int[] HistoryPtr { get; }

    /// <inheritdoc cref="HistoryPtr"/>
    public int[] HistoryIdx { get; }

    /// <summary>Per post (store index): its neighbours, strongest first, and their weights.</summary>
    public int[] NeighbourPtr { get; }

    /// <inheritdoc cref="NeighbourPtr"/>
    public int[] NeighbourIdx { get; }

    /// <inheritdoc cref="NeighbourPtr"/>
    public float[] NeighbourWeights { get; }

    /// <summary>β.</summary>
    public float PopularityExponent { get; }

    /// <summary>True when no post has a neighbour (graph disabled, or no co-engagement at all).</summary>
    public bool IsEmpty => NeighbourIdx.Length == 0;

    public int Users => HistoryPtr.Length - 1;

    public int Posts => NeighbourPtr.Length - 1;

    public ReadOnlySpan<int> History(int user) =>
        (uint)user < (uint)Users ? HistoryIdx.AsSpan(HistoryPtr[user], HistoryPtr[user + 1] - HistoryPtr[user]) : default;

    /// <summary>
    /// The posts a ranking request scores from: the given history (engagements recorded since training, see
    /// <see cref="FeatureStore.CoEngagementHistory"/>) or else the store user's, at most
    /// <see cref="FeatureDefaults.CoEngagementScoringHistory"/> either way.
    /// </summary>
    public ReadOnlySpan<int> ScoringHistory(int user, int[]? replacement) =>
        replacement is null ? ScoringHistory(user) : replacement.AsSpan(0, Math.Min(replacement.Length, FeatureDefaults.CoEngagementScoringHistory));

    /// <summary>The posts a user's scores come from: the heaviest <see cref="FeatureDefaults.CoEngagementScoringHistory"/> of their history.</summary>
    public ReadOnlySpan<int> ScoringHistory(int user)
    {
        var history = History(user);
        return history.Length > FeatureDefaults.CoEngagementScoringHistory ? history[..FeatureDefaults.CoEngagementScoringHistory] : history;
    }

    public ReadOnlySpan<int> Neighbours(int post) => NeighbourIdx.AsSpan(NeighbourPtr[post], NeighbourPtr[post + 1] - NeighbourPtr[post]);

    public ReadOnlySpan<float> Weights(int post) => NeighbourWeights.AsSpan(NeighbourPtr[post], NeighbourPtr[post + 1] - NeighbourPtr[post]);

    /// <summary>Builds the graph from (user, post) pairs sorted by user then post, with their net weights.</summary>
    /// <param name="users">User count.</param>
    /// <param name="posts">Post count.</param>
    /// <param name="pairPtr">Row offsets of <paramref name="pairPosts"/> per user.</param>
    /// <param name="pairPosts">Post of each pair, ascending within a user.</param>
    /// <param name="pairWeights">Net decayed weight of each pair: the heaviest come first in a history.</param>
    /// <param name="pairUndecayed">Net weight of each pair without decay: only positive ones count.</param>
    /// <param name="neighbours">Neighbours kept per post; 0 gives an empty graph.</param>
    /// <param name="popularityExponent">β, at least 0.</param>
    /// <param name="cancellationToken">Stops building.</param>
    public static CoEngagementGraph Build(int users, int posts, ReadOnlySpan<int> pairPtr, ReadOnlySpan<int> pairPosts, ReadOnlySpan<float> pairWeights, ReadOnlySpan<float> pairUndecayed, int neighbours, float popularityExponent, CancellationToken cancellationToken = default)
    {
        var (historyPtr, historyIdx) = Histories(users, pairPtr, pairPosts, pairWeights, pairUndecayed, FeatureDefaults.CoEngagementHistory);
        if (neighbours <= 0 || historyIdx.Length == 0 || posts == 0)
        {
            return new CoEngagementGraph(historyPtr, historyIdx, new int[posts + 1], [], [], popularityExponent);
        }

        // Post → users (the transpose of the histories), and each post's popularity penalty.
        var postPtr = new int[posts + 1];
        foreach (var p in historyIdx)
        {
            postPtr[p + 1]++;
        }

        for (var p = 0; p < posts; p++)
        {
            postPtr[p + 1] += postPtr[p];
        }

        var postUsers = new int[historyIdx.Length];
        var fill = postPtr.AsSpan(0, posts).ToArray();
        for (var u = 0; u < users; u++)
        {
            for (var k = historyPtr[u]; k < historyPtr[u + 1]; k++)
            {
                postUsers[fill[historyIdx[k]]++] = u;
            }
        }

        var penalty = new float[posts];
        for (var p = 0; p < posts; p++)
        {
            var n = postPtr[p + 1] - postPtr[p];
            penalty[p] = n > 0 ? MathF.Pow(n, -popularityExponent) : 0f;
        }

        var rows = new (int[] Idx, float[] W)[posts];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(
            0,
            posts,
            options,
            () => new Walk(posts, neighbours),
            (p, _, walk) =>
            {
                rows[p] = walk.Row(p, postPtr, postUsers, historyPtr, historyIdx, penalty);
                return walk;
            },
            static _ => { });

        var neighbourPtr = new int[posts + 1];
        for (var p = 0; p < posts; p++)
        {
            neighbourPtr[p + 1] = neighbourPtr[p] + rows[p].Idx.Length;
        }

        var neighbourIdx = new int[neighbourPtr[posts]];
        var neighbourWeights = new float[neighbourIdx.Length];
        for (var p = 0; p < posts; p++)
        {
            rows[p].Idx.CopyTo(neighbourIdx, neighbourPtr[p]);
            rows[p].W.CopyTo(neighbourWeights, neighbourPtr[p]);
        }

        return new CoEngagementGraph(historyPtr, historyIdx, neighbourPtr, neighbourIdx, neighbourWeights, popularityExponent);
    }

    /// <summary>Each user's positive posts, heaviest first, at most <paramref name="cap"/>.</summary>
    private static (int[] Ptr, int[] Idx) Histories(int users, ReadOnlySpan<int> pairPtr, ReadOnlySpan<int> pairPosts, ReadOnlySpan<float> pairWeights, ReadOnlySpan<float> pairUndecayed, int cap)
    {
        var ptr = new int[users + 1];
        var idx = new List<int>(pairPosts.Length);
        var heavy = new List<(float Weight, float Undecayed, int Post)>();
        for (var u = 0; u < users; u++)
        {
            var start = idx.Count;
            heavy.Clear();
            for (var k = pairPtr[u]; k < pairPtr[u + 1]; k++)
            {
                if (pairUndecayed[k] > 0f && pairWeights[k] >= 0f)
                {
                    heavy.Add((pairWeights[k], pairUndecayed[k], pairPosts[k]));
                }
            }

            // Heaviest first (decayed, then undecayed, then by post), so that scoring can take a prefix.
            heavy.Sort(static (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Undecayed != b.Undecayed ? b.Undecayed.CompareTo(a.Undecayed) : a.Post.CompareTo(b.Post));
            if (heavy.Count > cap)
            {
                heavy.RemoveRange(cap, heavy.Count - cap);
            }

            foreach (var (_, _, post) in heavy)
            {
                idx.Add(post);
            }

            ptr[u + 1] = ptr[u] + (idx.Count - start);
        }

        return (ptr, [.. idx]);
    }

    /// <summary>Scores every candidate for a user: the mean over their history of the candidate's weight as a neighbour.</summary>
    /// <param name="history">The store indices of the posts the user engaged with (see <see cref="ScoringHistory(int, int[])"/>); empty for none.</param>
    /// <param name="candidates">Store post indices (-1 for posts the store does not know).</param>
    /// <param name="scores">One score per candidate.</param>
    /// <param name="present">1 per candidate when the user has a history and the post is known, else 0.</param>
    /// <param name="stride">Distance between consecutive candidates' entries in <paramref name="scores"/> and <paramref name="present"/>.</param>
    /// <param name="accumulator">Scratch of at least <see cref="Posts"/> floats, all zero; left all zero.</param>
    public void Score(ReadOnlySpan<int> history, ReadOnlySpan<int> candidates, Span<float> scores, Span<float> present, int stride, Span<float> accumulator)
    {
        if (history.IsEmpty || IsEmpty)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                scores[i * stride] = 0f;
                present[i * stride] = 0f;
            }

            return;
        }

        Scatter(history, accumulator);

        // The mean over the history (the probability of the three-step walk from a post of the history chosen at
        // random), so that long and short histories score on one scale.
        var perHistory = 1f / history.Length;
        for (var i = 0; i < candidates.Length; i++)
        {
            var p = candidates[i];
            scores[i * stride] = p >= 0 ? accumulator[p] * perHistory : 0f;
            present[i * stride] = p >= 0 ? 1f : 0f;
        }

        foreach (var h in history)
        {
            foreach (var j in Neighbours(h))
            {
                accumulator[j] = 0f;
            }
        }
    }

    /// <summary>
    /// The same scores as <see cref="Score"/> for a few candidates, without touching a post-sized accumulator: the
    /// candidates go into a bitset and a small open-addressing table, and the history's neighbour lists are scanned
    /// against the bitset (L1-resident), adding only where a neighbour is a candidate. On 500 candidates this costs a
    /// third of the dense scatter, whose random writes over every post miss the cache.
    /// </summary>
    /// <param name="history">The store indices of the posts the user engaged with; not empty.</param>
    /// <param name="candidates">Store post indices (-1 for posts the store does not know).</param>
    /// <param name="scores">One score per candidate (strided).</param>
    /// <param name="present">1 per known candidate, 0 for unknown ones (strided).</param>
    /// <param name="stride">Distance between consecutive candidates' entries.</param>
    /// <param name="marks">At least (<see cref="Posts"/> + 63) / 64 words, all zero; left so.</param>
    /// <param name="keys">A power of two at least twice the candidates, all -1; left so.</param>
    /// <param name="sums">As long as <paramref name="keys"/>, all zero; left so.</param>
    public void ScoreFew(ReadOnlySpan<int> history, ReadOnlySpan<int> candidates, Span<float> scores, Span<float> present, int stride, Span<ulong> marks, Span<int> keys, Span<float> sums)
    {
        var shift = 32 - System.Numerics.BitOperations.Log2((uint)keys.Length);
        foreach (var p in candidates)
        {
            if (p >= 0)
            {
                marks[p >> 6] |= 1UL << (p & 63);
                var slot = Slot(keys, p, shift);
                keys[slot] = p;
            }
        }

        foreach (var h in history)
        {
            var idx = Neighbours(h);
            var w = Weights(h);
            for (var k = 0; k < idx.Length; k++)
            {
                var j = idx[k];
                if ((marks[j >> 6] & (1UL << (j & 63))) != 0)
                {
                    sums[Slot(keys, j, shift)] += w[k];
                }
            }
        }

        var perHistory = 1f / history.Length;
        for (var i = 0; i < candidates.Length; i++)
        {
            var p = candidates[i];
            scores[i * stride] = p >= 0 ? sums[Slot(keys, p, shift)] * perHistory : 0f;
            present[i * stride] = p >= 0 ? 1f : 0f;
        }

        foreach (var p in candidates)
        {
            if (p >= 0)
            {
                marks[p >> 6] = 0;
            }
        }

        // Clearing entry by entry could strand keys behind an emptied slot; the table is small, so wipe it.
        keys.Fill(-1);
        sums.Clear();
    }

    /// <summary>Adds each history post's neighbour weights into the accumulator.</summary>
    private void Scatter(ReadOnlySpan<int> history, Span<float> accumulator)
    {
        foreach (var h in history)
        {
            var idx = Neighbours(h);
            var w = Weights(h);
            for (var k = 0; k < idx.Length; k++)
            {
                accumulator[idx[k]] += w[k];
            }
        }
    }

    /// <summary>The slot of a key, or the empty slot where it belongs (linear probing, Fibonacci hashing).</summary>
    private static int Slot(ReadOnlySpan<int> keys, int key, int shift)
    {
        var mask = keys.Length - 1;
        var slot = (int)(((uint)key * 2654435769u) >> shift);
        while (keys[slot] != key && keys[slot] != -1)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    /// <summary>The best-scoring posts for a history by co-engagement (history posts included), best first; returns the count.</summary>
    /// <param name="history">The store indices of the posts the user engaged with.</param>
    /// <param name="destination">Receives up to its length of (post, score) pairs.</param>
    /// <param name="accumulator">Scratch of at least <see cref="Posts"/> floats, all zero; left all zero.</param>
    public int Top(ReadOnlySpan<int> history, Span<ScoredIndex> destination, Span<float> accumulator)
    {
        if (history.IsEmpty || IsEmpty || destination.IsEmpty)
        {
            return 0;
        }

        Scatter(history, accumulator);

        // Offering a post clears its entry, so each is offered once and the accumulator ends all zero.
        var scores = new float[destination.Length];
        var indices = new int[destination.Length];
        var top = new TopN(scores, indices);
        foreach (var h in history)
        {
            foreach (var j in Neighbours(h))
            {
                if (accumulator[j] != 0f)
                {
                    top.Offer(accumulator[j], j);
                    accumulator[j] = 0f;
                }
            }
        }

        return top.Drain(destination);
    }

    internal void Write(ModelWriter writer)
    {
        var chunk = new ChunkWriter();
        chunk.WriteSingle(PopularityExponent);
        chunk.WriteInt32s(HistoryPtr);
        chunk.WriteInt32s(HistoryIdx);
        chunk.WriteInt32s(NeighbourPtr);
        chunk.WriteInt32s(NeighbourIdx);
        chunk.WriteSingles(NeighbourWeights);
        writer.WriteChunk("FCOE", 1, chunk);
    }

    /// <summary>Reads the FCOE chunk; an artefact written before it existed gets an empty graph.</summary>
    internal static CoEngagementGraph Read(ModelReader reader, int users, int posts)
    {
        if (!reader.Has("FCOE"))
        {
            return new CoEngagementGraph(new int[users + 1], [], new int[posts + 1], [], [], 0f);
        }

        var r = new ChunkReader(reader.Get("FCOE", 1, out _), "FCOE");
        var beta = r.ReadSingle();
        var historyPtr = r.ReadInt32s();
        var historyIdx = r.ReadInt32s();
        var neighbourPtr = r.ReadInt32s();
        var neighbourIdx = r.ReadInt32s();
        var neighbourWeights = r.ReadSingles();
        r.ExpectEnd();
        if (!float.IsFinite(beta) || beta < 0f)
        {
            throw r.Error("holds an invalid popularity exponent");
        }

        ChunkHelpers.ValidateOffsets(historyPtr, users, historyIdx.Length, "FCOE");
        ChunkHelpers.ValidateIndices(historyPtr, historyIdx, posts, ascending: false, "FCOE");
        ChunkHelpers.ValidateOffsets(neighbourPtr, posts, neighbourIdx.Length, "FCOE");
        ChunkHelpers.ValidateIndices(neighbourPtr, neighbourIdx, posts, ascending: false, "FCOE");
        ChunkHelpers.ExpectLength(neighbourWeights.Length, neighbourIdx.Length, "FCOE", "weights");
        ChunkHelpers.ValidateRange(neighbourWeights, 0f, float.MaxValue, "FCOE", "a weight");
        return new CoEngagementGraph(historyPtr, historyIdx, neighbourPtr, neighbourIdx, neighbourWeights, beta);
    }

    /// <summary>One thread's walk state: a dense accumulator (all zero between rows) and the posts it touched.</summary>
    private sealed class Walk(int posts, int neighbours)
    {
        private readonly float[] _acc = new float[posts];
        private readonly List<int> _touched = [];
        private readonly float[] _topScores = new float[neighbours];
        private readonly int[] _topIndices = new int[neighbours];
        private readonly ScoredIndex[] _drained = new ScoredIndex[neighbours];

        public (int[] Idx, float[] W) Row(int p, int[] postPtr, int[] postUsers, int[] historyPtr, int[] historyIdx, float[] penalty)
        {
            var start = postPtr[p];
            var end = postPtr[p + 1];
            if (end == start)
            {
                return ([], []);
            }

            var fromPost = 1f / (end - start);
            for (var k = start; k < end; k++)
            {
                var u = postUsers[k];
                var h0 = historyPtr[u];
                var h1 = historyPtr[u + 1];
                var w = fromPost / (h1 - h0);
                for (var h = h0; h < h1; h++)
                {
                    var q = historyIdx[h];
                    if (q == p)
                    {
                        continue;
                    }

                    if (_acc[q] == 0f)
                    {
                        _touched.Add(q);
                    }

                    _acc[q] += w;
                }
            }

            var top = new TopN(_topScores, _topIndices);
            foreach (var q in _touched)
            {
                top.Offer(_acc[q] * penalty[q], q);
                _acc[q] = 0f;
            }

            _touched.Clear();
            var n = top.Drain(_drained);
            var idx = new int[n];
            var weights = new float[n];
            for (var i = 0; i < n; i++)
            {
                idx[i] = _drained[i].Index;
                weights[i] = _drained[i].Score;
            }

            return (idx, weights);
        }
    }
}
