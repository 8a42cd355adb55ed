namespace Recommender.Content;

/// <summary>
/// Sums weighted post vectors into a profile over a vocabulary (a dense buffer plus the list of touched terms),
/// then keeps the strongest positive terms, L2-normalised. Reusable across users via <see cref="Reset"/>.
/// </summary>
internal sealed class ProfileAccumulator
{
    private readonly double[] _sums;
    private readonly bool[] _touched;
    private readonly List<int> _terms = [];

    public ProfileAccumulator(int termCount)
    {
        _sums = new double[termCount];
        _touched = new bool[termCount];
    }

    public void Reset()
    {
        foreach (var t in _terms)
        {
            _sums[t] = 0;
            _touched[t] = false;
        }

        _terms.Clear();
    }

    /// <summary>Adds <paramref name="scale"/> × the vector (negative scales subtract).</summary>
    public void Add(ReadOnlySpan<int> terms, ReadOnlySpan<float> weights, float scale)
    {
        for (var k = 0; k < terms.Length; k++)
        {
            var t = terms[k];
            if (!_touched[t])
            {
                _touched[t] = true;
                _terms.Add(t);
            }

            _sums[t] += (double)scale * weights[k];
        }
    }

    /// <summary>Adds <paramref name="scale"/> × the vector (negative scales subtract).</summary>
    public void Add(ReadOnlySpan<ContentTermWeight> vector, float scale)
    {
        foreach (var (t, w) in vector)
        {
            if (!_touched[t])
            {
                _touched[t] = true;
                _terms.Add(t);
            }

            _sums[t] += (double)scale * w;
        }
    }

    /// <summary>
    /// The profile: terms whose sum is positive (negative feedback clamps at 0), the <paramref name="maxTerms"/>
    /// largest (ties by lower id), ascending by id, L2-normalised. Empty when no term is positive.
    /// </summary>
    public (int[] Terms, float[] Weights) Finish(int maxTerms)
    {
        var candidates = new List<int>(_terms.Count);
        foreach (var t in _terms)
        {
            if (_sums[t] > 0 && (float)_sums[t] > 0f)
            {
                candidates.Add(t);
            }
        }

        if (candidates.Count > maxTerms)
        {
            candidates.Sort((a, b) => _sums[a] != _sums[b] ? _sums[b].CompareTo(_sums[a]) : a.CompareTo(b));
            candidates.RemoveRange(maxTerms, candidates.Count - maxTerms);
        }

        candidates.Sort();
        var terms = candidates.ToArray();
        var weights = new float[terms.Length];
        double norm = 0;
        foreach (var t in terms)
        {
            norm += _sums[t] * _sums[t];
        }

        norm = Math.Sqrt(norm);
        var n = 0;
        for (var k = 0; k < terms.Length; k++)
        {
            // A term far weaker than the strongest can round to 0 in float: drop it so every stored weight is positive.
            var w = (float)(_sums[terms[k]] / norm);
            if (w > 0f)
            {
                terms[n] = terms[k];
                weights[n++] = w;
            }
        }

        return n == terms.Length ? (terms, weights) : (terms[..n], weights[..n]);
    }
}
