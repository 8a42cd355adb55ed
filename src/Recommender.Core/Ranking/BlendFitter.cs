using MathNet.Numerics.LinearAlgebra;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Fits the blend on held-out engagements: each example group is one engagement (label 1) and the recent posts the
/// user was not seen engaging with (label 0), with their pair features as of the engagement's time. L2-regularised
/// pairwise logistic regression by Newton's method (the Newton step is solved with MathNet.Numerics' Cholesky).
/// A fifth of the groups is kept aside: the learned blend is used only when it ranks those groups at least as well
/// (mean per-group AUC) as the hand blend.
/// </summary>
internal static class BlendFitter
{
    private const int MaxNewtonSteps = 12;
    private const double Ridge = 1.0;

    /// <param name="rows">Pair-feature rows (<see cref="PairFeatureColumns.Count"/> floats each).</param>
    /// <param name="labels">1 for an engagement, 0 for a sampled negative.</param>
    /// <param name="groups">The example group of each row (rows of a group are contiguous).</param>
    /// <param name="hand">The hand weights (the fallback and the yardstick).</param>
    /// <param name="cancellationToken">Stops fitting.</param>
    public static BlendModel Fit(ReadOnlySpan<float> rows, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, BlendWeights hand, CancellationToken cancellationToken)
    {
        const int F = PairFeatureColumns.Count;
        var n = labels.Length;
        var (means, inverseStd) = Standardisation(rows, n);
        var positives = 0;
        foreach (var l in labels)
        {
            positives += l;
        }

        var handModel = BlendModel.FromHandWeights(hand, means, inverseStd, new BlendDiagnostics(positives, n - positives, double.NaN, double.NaN, "hand"));
        if (positives < RankingDefaults.BlendMinPositives || positives == n)
        {
            return BlendModel.FromHandWeights(hand, means, inverseStd, new BlendDiagnostics(positives, n - positives, double.NaN, double.NaN, $"hand weights: {positives} held-out engagements, at least {RankingDefaults.BlendMinPositives} needed"));
        }

        // Every fifth group validates; the others train.
        var isValidation = new bool[n];
        for (var i = 0; i < n; i++)
        {
            isValidation[i] = groups[i] % 5 == 4;
        }

        var x = new float[n * BlendModel.Width];
        for (var i = 0; i < n; i++)
        {
            handModel.Expand(rows.Slice(i * F, F), x.AsSpan(i * BlendModel.Width, BlendModel.Width));
        }

        var (weights, bias) = Newton(x, labels, groups, isValidation, cancellationToken);
        var learned = new BlendModel(means, inverseStd, weights, bias, learned: true, new BlendDiagnostics(positives, n - positives, double.NaN, double.NaN, "learned"));
        var learnedAuc = GroupAuc(learned, rows, labels, groups, isValidation);
        var handAuc = GroupAuc(handModel, rows, labels, groups, isValidation);
        var diagnostics = new BlendDiagnostics(positives, n - positives, learnedAuc, handAuc, learnedAuc >= handAuc ? "learned" : "hand weights: they ranked the held-out groups better");
        var chosen = learnedAuc >= handAuc
            ? new BlendModel(means, inverseStd, weights, bias, learned: true, diagnostics)
            : BlendModel.FromHandWeights(hand, means, inverseStd, diagnostics);
        return Calibrate(chosen, rows, labels, isValidation);
    }

    /// <summary>
    /// Platt scaling on the validation rows, so that a score reads as the probability that the user engages with the post
    /// rather than with one of the sampled alternatives. A non-positive scale (a blend that ranks backwards) is not applied.
    /// </summary>
    private static BlendModel Calibrate(BlendModel model, ReadOnlySpan<float> rows, ReadOnlySpan<byte> labels, bool[] isValidation)
    {
        const int F = PairFeatureColumns.Count;
        var z = new List<(double Logit, byte Label)>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (isValidation[i])
            {
                z.Add((model.Logit(rows.Slice(i * F, F)), labels[i]));
            }
        }

        if (z.Count < 20)
        {
            return model;
        }

        // Newton's method on standardised logits, halving any step that does not lower the log-loss.
        var mean = z.Average(p => p.Logit);
        var std = Math.Sqrt(z.Average(p => (p.Logit - mean) * (p.Logit - mean)));
        if (!(std > 1e-9))
        {
            return model;
        }

        var points = z.Select(p => ((p.Logit - mean) / std, p.Label)).ToArray();
        double a = 1, b = 0;
        var loss = LogLoss(points, a, b);
        for (var step = 0; step < 50; step++)
        {
            double gA = 0, gB = 0, hAA = 1e-6, hAB = 0, hBB = 1e-6;
            foreach (var (x, label) in points)
            {
                var p = 1.0 / (1.0 + Math.Exp(-((a * x) + b)));
                var r = p - label;
                var w = p * (1 - p);
                gA += r * x;
                gB += r;
                hAA += w * x * x;
                hAB += w * x;
                hBB += w;
            }

            var det = (hAA * hBB) - (hAB * hAB);
            var dA = ((hBB * gA) - (hAB * gB)) / det;
            var dB = ((hAA * gB) - (hAB * gA)) / det;
            var shrink = 1.0;
            var improved = false;
            for (var halving = 0; halving < 30; halving++, shrink /= 2)
            {
                var next = LogLoss(points, a - (shrink * dA), b - (shrink * dB));
                if (next <= loss)
                {
                    a -= shrink * dA;
                    b -= shrink * dB;
                    improved = loss - next > 1e-12;
                    loss = next;
                    break;
                }
            }

            if (!improved)
            {
                break;
            }
        }

        // Back to raw logits: a·(z − mean)/std + b.
        var scale = a / std;
        var offset = b - (scale * mean);
        return scale > 0 && double.IsFinite(scale) && double.IsFinite(offset) ? model.WithCalibration((float)scale, (float)offset) : model;
    }

    private static double LogLoss((double X, byte Label)[] points, double a, double b)
    {
        var loss = 0.0;
        foreach (var (x, label) in points)
        {
            var t = (a * x) + b;
            // ln(1 + e^t) − label·t, computed without overflow.
            loss += (t > 0 ? t + Math.Log(1 + Math.Exp(-t)) : Math.Log(1 + Math.Exp(t))) - (label * t);
        }

        return loss;
    }

    /// <summary>Mean and 1/std of each signal over the rows where it is present (1/std = 1 when constant).</summary>
    internal static (float[] Means, float[] InverseStd) Standardisation(ReadOnlySpan<float> rows, int n)
    {
        const int F = PairFeatureColumns.Count;
        var sum = new double[BlendSignals.Count];
        var sumSq = new double[BlendSignals.Count];
        var count = new long[BlendSignals.Count];
        Span<float> signals = stackalloc float[BlendSignals.Count];
        for (var i = 0; i < n; i++)
        {
            var missing = BlendSignals.Read(rows.Slice(i * F, F), signals, out _, out _);
            for (var s = 0; s < BlendSignals.Count; s++)
            {
                if ((missing & (1 << s)) == 0)
                {
                    sum[s] += signals[s];
                    sumSq[s] += (double)signals[s] * signals[s];
                    count[s]++;
                }
            }
        }

        var means = new float[BlendSignals.Count];
        var inverseStd = new float[BlendSignals.Count];
        for (var s = 0; s < BlendSignals.Count; s++)
        {
            var mean = count[s] > 0 ? sum[s] / count[s] : 0.0;
            var variance = count[s] > 1 ? Math.Max(0.0, (sumSq[s] / count[s]) - (mean * mean)) : 0.0;
            means[s] = (float)mean;
            inverseStd[s] = variance > 1e-12 ? (float)(1.0 / Math.Sqrt(variance)) : 1f;
        }

        return (means, inverseStd);
    }

    /// <summary>
    /// Pairwise logistic regression (RankNet's loss): for every (engaged, not engaged) pair of a training group,
    /// minimise ln(1 + e^(−w·(x⁺ − x⁻))) + (λ/2)|w|². It learns to order a user's candidates, which is what ranking
    /// needs, and is blind to how active each user is. No bias: it would cancel in every difference.
    /// </summary>
    private static (float[] Weights, float Bias) Newton(float[] x, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation, CancellationToken cancellationToken)
    {
        const int D = BlendModel.Width;
        var pairs = Differences(x, labels, groups, isValidation);
        var n = pairs.Length / D;
        var beta = new double[D];
        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hessian = new double[D, D];
            var gradient = new double[D];
            for (var i = 0; i < n; i++)
            {
                var d = pairs.AsSpan(i * D, D);
                var z = 0.0;
                for (var j = 0; j < D; j++)
                {
                    z += beta[j] * d[j];
                }

                var p = 1.0 / (1.0 + Math.Exp(-z));
                var w = Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j < D; j++)
                {
                    if (d[j] == 0f)
                    {
                        continue;
                    }

                    gradient[j] -= (1 - p) * d[j];
                    var wj = w * d[j];
                    for (var h = j; h < D; h++)
                    {
                        hessian[j, h] += wj * d[h];
                    }
                }
            }

            for (var j = 0; j < D; j++)
            {
                for (var h = 0; h < j; h++)
                {
                    hessian[j, h] = hessian[h, j];
                }

                hessian[j, j] += Ridge;
                gradient[j] += Ridge * beta[j];
            }

            var delta = Matrix<double>.Build.DenseOfArray(hessian).Cholesky().Solve(Vector<double>.Build.DenseOfArray(gradient));
            var change = 0.0;
            for (var j = 0; j < D; j++)
            {
                beta[j] -= delta[j];
                change = Math.Max(change, Math.Abs(delta[j]));
            }

            if (change < 1e-6)
            {
                break;
            }
        }

        var weights = new float[D];
        for (var j = 0; j < D; j++)
        {
            weights[j] = (float)beta[j];
        }

        return (weights, 0f);
    }

    /// <summary>x⁺ − x⁻ for every (engaged, not engaged) pair of each training group.</summary>
    private static float[] Differences(float[] x, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation)
    {
        const int D = BlendModel.Width;
        var pairs = new List<float>();
        var start = 0;
        while (start < labels.Length)
        {
            var end = start;
            while (end < labels.Length && groups[end] == groups[start])
            {
                end++;
            }

            if (!isValidation[start])
            {
                for (var p = start; p < end; p++)
                {
                    if (labels[p] == 0)
                    {
                        continue;
                    }

                    for (var q = start; q < end; q++)
                    {
                        if (labels[q] != 0)
                        {
                            continue;
                        }

                        for (var j = 0; j < D; j++)
                        {
                            pairs.Add(x[(p * D) + j] - x[(q * D) + j]);
                        }
                    }
                }
            }

            start = end;
        }

        return [.. pairs];
    }

    /// <summary>Mean over validation groups of the share of (positive, negative) pairs ranked in the right order (ties half).</summary>
    private static double GroupAuc(BlendModel model, ReadOnlySpan<float> rows, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation)
    {
        const int F = PairFeatureColumns.Count;
        double total = 0;
        var counted = 0;
        var start = 0;
        var scores = new List<(float Score, byte Label)>();
        while (start < labels.Length)
        {
            var end = start;
            while (end < labels.Length && groups[end] == groups[start])
            {
                end++;
            }

            if (isValidation[start])
            {
                scores.Clear();
                for (var i = start; i < end; i++)
                {
                    scores.Add((model.Logit(rows.Slice(i * F, F)), labels[i]));
                }

                double pairs = 0, right = 0;
                foreach (var (sp, lp) in scores)
                {
                    if (lp == 0)
                    {
                        continue;
                    }

                    foreach (var (sn, ln) in scores)
                    {
                        if (ln != 0)
                        {
                            continue;
                        }

                        pairs++;
                        right += sp > sn ? 1.0 : sp == sn ? 0.5 : 0.0;
                    }
                }

                if (pairs > 0)
                {
                    total += right / pairs;
                    counted++;
                }
            }

            start = end;
        }

        return counted > 0 ? total / counted : double.NaN;
    }
}
