using Recommender.Collaborative;

namespace Recommender;

/// <summary>
/// Keeps the n best (score, index) pairs seen, in a min-heap over caller-owned storage; no allocation.
/// Order: higher score first; equal scores by lower index (deterministic).
/// </summary>
internal ref struct TopN
{
    private readonly Span<float> _scores;
    private readonly Span<int> _indices;
    private int _count;

    public TopN(Span<float> scores, Span<int> indices)
    {
        _scores = scores;
        _indices = indices;
        _count = 0;
    }

    public readonly int Count => _count;

    /// <summary>The worst score kept once full; candidates not better than it can be skipped.</summary>
    public readonly float Threshold => _count == _scores.Length && _count > 0 ? _scores[0] : float.NegativeInfinity;

    public readonly bool IsFull => _count == _scores.Length;

    public void Offer(float score, int index)
    {
        if (_scores.Length == 0 || float.IsNaN(score))
        {
            return;
        }

        if (_count < _scores.Length)
        {
            var i = _count++;
            _scores[i] = score;
            _indices[i] = index;
            SiftUp(i);
            return;
        }

        if (!Better(score, index, _scores[0], _indices[0]))
        {
            return;
        }

        _scores[0] = score;
        _indices[0] = index;
        SiftDown(0);
    }

    /// <summary>Empties the heap into best-first order; returns the count.</summary>
    public int Drain(Span<ScoredIndex> destination)
    {
        var n = _count;
        for (var i = n - 1; i >= 0; i--)
        {
            destination[i] = new ScoredIndex(_indices[0], _scores[0]);
            _count--;
            if (_count > 0)
            {
                _scores[0] = _scores[_count];
                _indices[0] = _indices[_count];
                SiftDown(0);
            }
        }

        return n;
    }

    /// <summary>True when (s1, i1) ranks before (s2, i2).</summary>
    public static bool Better(float s1, int i1, float s2, int i2) => s1 > s2 || (s1 == s2 && i1 < i2);

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Better(_scores[parent], _indices[parent], _scores[i], _indices[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private readonly void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= _count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_scores[left], _indices[left], _scores[right], _indices[right]))
            {
                worst = right;
            }

            if (!Better(_scores[i], _indices[i], _scores[worst], _indices[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private readonly void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_indices[a], _indices[b]) = (_indices[b], _indices[a]);
    }
}
