using Recommender.Collaborative;

namespace Recommender.Evaluation;

/// <summary>
/// Scores one user's candidates and keeps the top k (ties by lower catalogue index, that is by post id), with
/// buffers reused from user to user, and counts the distinct posts ever listed (for coverage).
/// </summary>
internal sealed class TopList
{
    private readonly float[] _heapScores;
    private readonly int[] _heapIndices;
    private readonly ScoredIndex[] _drained;
    private readonly int[] _ranked;
    private readonly bool[] _listed;
    private float[] _scores = [];

    public TopList(int k, int catalogSize)
    {
        _heapScores = new float[k];
        _heapIndices = new int[k];
        _drained = new ScoredIndex[k];
        _ranked = new int[k];
        _listed = new bool[catalogSize];
    }

    /// <summary>Distinct posts listed so far.</summary>
    public int Distinct { get; private set; }

    /// <summary>The user's top k of <paramref name="candidates"/>, best first (valid until the next call).</summary>
    public ReadOnlySpan<int> Rank(IEvaluationScorer scorer, string userId, ReadOnlySpan<int> candidates)
    {
        if (_scores.Length < candidates.Length)
        {
            _scores = new float[Math.Max(candidates.Length, _scores.Length * 2)];
        }

        var scores = _scores.AsSpan(0, candidates.Length);
        scorer.Score(userId, candidates, scores);
        var top = new TopN(_heapScores, _heapIndices);
        for (var i = 0; i < candidates.Length; i++)
        {
            top.Offer(scores[i], candidates[i]);
        }

        var m = top.Drain(_drained);
        for (var i = 0; i < m; i++)
        {
            var post = _drained[i].Index;
            _ranked[i] = post;
            if (!_listed[post])
            {
                _listed[post] = true;
                Distinct++;
            }
        }

        return _ranked.AsSpan(0, m);
    }

    /// <summary>Writes the ascending <paramref name="pool"/> minus the ascending <paramref name="exclude"/> into <paramref name="destination"/>.</summary>
    public static int Except(ReadOnlySpan<int> pool, ReadOnlySpan<int> exclude, Span<int> destination)
    {
        var n = 0;
        var j = 0;
        foreach (var p in pool)
        {
            while (j < exclude.Length && exclude[j] < p)
            {
                j++;
            }

            if (j < exclude.Length && exclude[j] == p)
            {
                continue;
            }

            destination[n++] = p;
        }

        return n;
    }
}
