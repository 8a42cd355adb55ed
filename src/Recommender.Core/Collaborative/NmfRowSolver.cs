using System.Runtime.CompilerServices;

namespace Recommender.Collaborative;

/// <summary>
/// Solves one row of the alternating factorisation: the non-negative factor vector x of one user (or post) that
/// minimises <c>xᵀGx + Σ_obs (a·p² − 2b·p) + λ|x|²</c>, p = x·y_j, with the other side's factors y fixed and
/// <c>G = YᵀY</c> their Gram matrix. Projected coordinate descent as in eALS: each coordinate has a closed-form
/// minimiser clamped at zero; predictions of the observed entries are kept up to date, so one sweep costs
/// O(n·k + k²) for a row with n observed entries. Holds the row's scratch buffers; one instance per thread.
/// </summary>
internal sealed class NmfRowSolver
{
    /// <summary>Rows with at most this many entries use scalar loops: a vector call costs more than it saves.</summary>
    private const int SmallRow = 16;

    private readonly int _k;
    private readonly float _lambda;
    private readonly float _alpha;
    private readonly float _inverseMeanWeight;
    private readonly bool _implicit;
    private float[] _yt = [];
    private float[] _ayt = [];
    private float[] _pred = [];
    private float[] _a = [];
    private float[] _b = [];
    private float[] _e = [];
    private readonly float[] _s;
    private readonly float[] _by;
    private readonly float[] _ayy;
    private readonly float[] _square;

    public NmfRowSolver(int factors, NmfObjective objective, float alpha, float lambda, float meanWeight)
    {
        _k = factors;
        _lambda = lambda;
        _alpha = alpha;
        _inverseMeanWeight = meanWeight > 0f && float.IsFinite(meanWeight) ? 1f / meanWeight : 1f;
        _implicit = objective == NmfObjective.Implicit;
        _s = new float[factors];
        _by = new float[factors];
        _ayy = new float[factors];
        _square = new float[factors];
    }

    /// <summary>
    /// Updates <paramref name="x"/> in place and returns the row's share of the objective:
    /// <c>xᵀGx + Σ_obs (a·p² − 2b·p + e) + λ|x|²</c>.
    /// </summary>
    /// <param name="x">The row's factors (warm start; overwritten).</param>
    /// <param name="columns">Indices of the observed entries into <paramref name="fixedFactors"/>.</param>
    /// <param name="weights">The stored weights of the observed entries.</param>
    /// <param name="fixedFactors">The other side's factors, row-major, <c>k</c> per row.</param>
    /// <param name="gram">The other side's Gram matrix, <c>k × k</c> row-major.</param>
    /// <param name="sweeps">Coordinate sweeps to run.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Solve(Span<float> x, ReadOnlySpan<int> columns, ReadOnlySpan<float> weights, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> gram, int sweeps)
    {
        var k = _k;
        var n = columns.Length;
        EnsureCapacity(n);
        var yt = _yt.AsSpan(0, n * k);
        var ayt = _implicit ? _ayt.AsSpan(0, n * k) : default;
        var pred = _pred.AsSpan(0, n);
        var a = _a.AsSpan(0, n);
        var b = _b.AsSpan(0, n);
        var e = _e.AsSpan(0, n);
        var s = _s.AsSpan();
        var by = _by.AsSpan();
        var ayy = _ayy.AsSpan();
        var square = _square.AsSpan();
        by.Clear();
        ayy.Clear();

        // Per observed entry: confidence terms, current prediction, and the per-factor sums
        // by_f = Σ b·y_f and ayy_f = Σ a·y_f² accumulated along the (contiguous) factor row.
        for (var j = 0; j < n; j++)
        {
            var w = weights[j];
            float aj, bj;
            if (_implicit)
            {
                var c = 1f + (_alpha * MathF.Log(2f + (w * _inverseMeanWeight)));
                aj = c - 1f;
                bj = c;
                e[j] = c;
            }
            else
            {
                aj = 0f;
                bj = w;
                e[j] = w * w;
            }

            a[j] = aj;
            b[j] = bj;
            var y = fixedFactors.Slice(columns[j] * k, k);
            pred[j] = VectorMath.Dot(x, y);
            VectorMath.Axpy(bj, y, by);
            if (_implicit)
            {
                for (var f = 0; f < k; f++)
                {
                    square[f] = y[f] * y[f];
                }

                VectorMath.Axpy(aj, square, ayy);
                for (var f = 0; f < k; f++)
                {
                    var v = y[f];
                    yt[(f * n) + j] = v;
                    ayt[(f * n) + j] = aj * v;
                }
            }
            else
            {
                for (var f = 0; f < k; f++)
                {
                    yt[(f * n) + j] = y[f];
                }
            }
        }

        for (var f = 0; f < k; f++)
        {
            s[f] = VectorMath.Dot(gram.Slice(f * k, k), x);
        }

        var small = n <= SmallRow;
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            for (var f = 0; f < k; f++)
            {
                var gff = gram[(f * k) + f];
                var xf = x[f];
                var num = by[f] - s[f] + (gff * xf) + (xf * ayy[f]);
                var ytf = yt.Slice(f * n, n);
                if (_implicit)
                {
                    var aytf = ayt.Slice(f * n, n);
                    if (small)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            num -= pred[j] * aytf[j];
                        }
                    }
                    else
                    {
                        num -= VectorMath.Dot(pred, aytf);
                    }
                }

                var den = ayy[f] + gff + _lambda;
                var updated = num > 0f && den > 0f ? num / den : 0f;
                if (!float.IsFinite(updated))
                {
                    updated = 0f;
                }

                var delta = updated - xf;
                if (delta != 0f)
                {
                    x[f] = updated;
                    if (small)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            pred[j] += delta * ytf[j];
                        }
                    }
                    else
                    {
                        VectorMath.Axpy(delta, ytf, pred);
                    }

                    VectorMath.Axpy(delta, gram.Slice(f * k, k), s);
                }
            }
        }

        double loss = VectorMath.Dot(x, s) + (_lambda * VectorMath.Dot(x, x));
        for (var j = 0; j < n; j++)
        {
            double p = pred[j];
            loss += (a[j] * p * p) - (2.0 * b[j] * p) + e[j];
        }

        return loss;
    }

    private void EnsureCapacity(int n)
    {
        if (_pred.Length >= n)
        {
            return;
        }

        var size = Math.Max(n, Math.Max(16, _pred.Length * 2));
        _pred = new float[size];
        _a = new float[size];
        _b = new float[size];
        _e = new float[size];
        if ((long)size * _k > Array.MaxLength)
        {
            throw new InvalidOperationException($"A row with {n} entries is too large for {_k} factors.");
        }

        _yt = new float[size * _k];
        _ayt = _implicit ? new float[size * _k] : [];
    }
}
