using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Recommender.Collaborative;

/// <summary>
/// The parallel parts of training: Gram matrices and one side's half-step over every row. Work is cut into
/// fixed chunks whose partial results are combined in chunk order, so the model is bit-identical for any
/// number of threads.
/// </summary>
internal sealed class NmfSolver
{
    private const int GramChunkRows = 2048;
    private readonly int _k;
    private readonly NmfObjective _objective;
    private readonly float _alpha;
    private readonly float _lambda;
    private readonly float _meanWeight;
    private readonly ParallelOptions _parallel;
    private readonly ConcurrentBag<NmfRowSolver> _solvers = [];

    public NmfSolver(int factors, NmfObjective objective, float alpha, float lambda, float meanWeight, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        _k = factors;
        _objective = objective;
        _alpha = alpha;
        _lambda = lambda;
        _meanWeight = meanWeight;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
    }

    /// <summary>Sweeps per row in one half-step.</summary>
    public int Sweeps { get; init; } = 1;

    /// <summary>G = FᵀF for a row-major n × k matrix.</summary>
    public float[] Gram(float[] factors, int rows)
    {
        var k = _k;
        var chunks = (rows + GramChunkRows - 1) / GramChunkRows;
        var partials = new float[Math.Max(chunks, 1)][];
        Parallel.For(0, chunks, _parallel, c =>
        {
            var end = Math.Min(rows, (c + 1) * GramChunkRows);
            partials[c] = GramChunk(factors.AsSpan(c * GramChunkRows * k, (end - (c * GramChunkRows)) * k), k);
        });

        var total = new double[k * k];
        foreach (var g in partials)
        {
            if (g is null)
            {
                continue;
            }

            for (var i = 0; i < total.Length; i++)
            {
                total[i] += g[i];
            }
        }

        var gram = new float[k * k];
        for (var f = 0; f < k; f++)
        {
            for (var h = f; h < k; h++)
            {
                gram[(f * k) + h] = gram[(h * k) + f] = (float)total[(f * k) + h];
            }
        }

        return gram;
    }

    /// <summary>
    /// Updates every row of <paramref name="factors"/> given the other side fixed; returns the objective
    /// without the other side's regularisation term.
    /// </summary>
    public double UpdateSide(float[] factors, int rows, int[] ptr, int[] idx, float[] values, float[] fixedFactors, float[] gram)
    {
        var k = _k;
        var chunks = Partition(ptr, rows, Math.Max(1, Environment.ProcessorCount) * 8);
        var rowLoss = new double[rows];
        Parallel.For(
            0,
            chunks.Length - 1,
            _parallel,
            () => _solvers.TryTake(out var pooled) ? pooled : new NmfRowSolver(k, _objective, _alpha, _lambda, _meanWeight),
            (c, _, solver) =>
            {
                for (var r = chunks[c]; r < chunks[c + 1]; r++)
                {
                    var start = ptr[r];
                    var length = ptr[r + 1] - start;
                    rowLoss[r] = solver.Solve(
                        factors.AsSpan(r * k, k),
                        idx.AsSpan(start, length),
                        values.AsSpan(start, length),
                        fixedFactors,
                        gram,
                        Sweeps);
                }

                return solver;
            },
            _solvers.Add);

        var loss = 0.0;
        foreach (var l in rowLoss)
        {
            loss += l;
        }

        return loss;
    }

    /// <summary>The upper triangle of Σ y yᵀ over a block of rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] GramChunk(ReadOnlySpan<float> block, int k)
    {
        var g = new float[k * k];
        for (var offset = 0; offset < block.Length; offset += k)
        {
            var y = block.Slice(offset, k);
            for (var f = 0; f < k; f++)
            {
                var yf = y[f];
                if (yf != 0f)
                {
                    // Upper triangle only; mirrored by the caller.
                    var row = g.AsSpan((f * k) + f, k - f);
                    VectorMath.Axpy(yf, y[f..], row);
                }
            }
        }

        return g;
    }

    /// <summary>Row boundaries of about equal work (observed entries + k per row).</summary>
    private int[] Partition(int[] ptr, int rows, int parts)
    {
        var cost = (long)ptr[rows] + ((long)rows * _k);
        var target = Math.Max(1, cost / parts);
        var bounds = new List<int>(parts + 2) { 0 };
        long acc = 0;
        for (var r = 0; r < rows; r++)
        {
            acc += ptr[r + 1] - ptr[r] + _k;
            if (acc >= target && r + 1 < rows)
            {
                bounds.Add(r + 1);
                acc = 0;
            }
        }

        bounds.Add(rows);
        return [.. bounds];
    }
}
