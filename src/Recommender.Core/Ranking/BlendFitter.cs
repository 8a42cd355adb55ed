using MathNet.Numerics.LinearAlgebra;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Fits the blend on held-out engagements: each example group is one engagement (label 1) and the recent posts the
/// user was not seen engaging with (label 0), with their pair features as of the engagement's time. L2-regularised
/// pairwise logistic regression by Newton's method (the Newton step is solved with MathNet.Numerics' Cholesky).
/// Two-fold cross-fitting by user chooses among the contenders; then <see cref="BlendGuard"/> lets a learned blend ship
/// only when its out-of-fold NDCG@10 per user beats the hand weights' and every single signal's by more than its
/// paired bootstrap interval.
/// </summary>
internal static class BlendFitter
{
    /// <summary>Why the note has no feed AUC when the examples hold no feed group.</summary>
    public const string NoFeedGroups = "no feed groups in the holdout";

    private const int MaxNewtonSteps = 12;
    private const double Ridge = 1.0;

    /// <param name="rows">Pair-feature rows (<see cref="PairFeatureColumns.Count"/> floats each).</param>
    /// <param name="labels">1 for an engagement, 0 for a sampled negative.</param>
    /// <param name="groups">The example group of each row (rows of a group are contiguous, numbered from 0).</param>
    /// <param name="groupFolds">The cross-fitting fold (0 or 1) of each group.</param>
    /// <param name="groupUsers">The user (a number) of each group: the guard's units; empty makes each group its own unit.</param>
    /// <param name="firstPoolGroup">Groups from this one on are recommendation pools (many rows, several positives); before it, feed groups.</param>
    /// <param name="hand">The hand weights (the fallback and the yardstick).</param>
    /// <param name="seed">Seeds the sampling of pool pairs.</param>
    /// <param name="catalogueNdcg">
    /// NDCG@10 on the whole catalogue of blends (first index) for each user of a fold (second index); null when no
    /// user can be validated that way.
    /// </param>
    /// <param name="catalogueOnly">Choose on <paramref name="catalogueNdcg"/> alone (a catalogue holdout) rather than with the feed AUC.</param>
    /// <param name="cancellationToken">Stops fitting.</param>
    public static BlendModel Fit(ReadOnlySpan<float> rows, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, ReadOnlySpan<byte> groupFolds, ReadOnlySpan<int> groupUsers, int firstPoolGroup, BlendWeights hand, int seed, Func<IReadOnlyList<BlendModel>, int, double[][]>? catalogueNdcg, bool catalogueOnly, CancellationToken cancellationToken)
    {
        const int F = PairFeatureColumns.Count;
        var width = BlendModel.Width;
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

        var x = new float[n * width];
        for (var i = 0; i < n; i++)
        {
            handModel.Expand(rows.Slice(i * F, F), x.AsSpan(i * width, width));
        }

        // Two-fold cross-fitting by user: every trained contender is fitted on one fold's groups and measured on the
        // other's (feed AUC on its feed groups, NDCG@10 on its users' whole catalogue), and the other way round; its
        // final weights are the mean of the two fits. Every user then validates, out of sample.
        var collaborativeWeights = new float[width];
        collaborativeWeights[BlendSignals.Collaborative] = 1f;
        var names = new[] { "learned", "learned and refined", "hand weights", "collaborative score alone", "collaborative score refined" };
        const int Learned = 0, Refined = 1, Hand = 2, CollaborativeAlone = 3, CollaborativeRefined = 4;

        // The guard's alternatives besides the hand weights: each signal alone (weight 1 on its base input), after the contenders.
        var blendCount = names.Length + BlendSignals.Count;
        var singles = new float[BlendSignals.Count][];
        for (var s = 0; s < BlendSignals.Count; s++)
        {
            singles[s] = new float[width];
            singles[s][s] = 1f;
        }

        var weightsByFold = new float[2][][];
        var aucByFold = new double[2][];
        var ndcgByFold = new double[2][][];
        var feedNdcgByFold = new (int[] Units, double[][] Values)[2];
        var labelArray = labels.ToArray();
        var groupArray = groups.ToArray();
        var foldArray = groupFolds.ToArray();
        var userArray = groupUsers.ToArray();

        // The two folds are independent: one per core.
        Parallel.For(0, 2, new ParallelOptions { CancellationToken = cancellationToken }, fold =>
        {
            // Train on this fold; validate on the other.
            var isValidation = new bool[n];
            for (var i = 0; i < n; i++)
            {
                isValidation[i] = foldArray[groupArray[i]] != fold;
            }

            var logits = new float[n];
            var exampleGroups = new Groups(labelArray, groupArray, isValidation, firstPoolGroup);
            var (learned, _) = Newton(x, labelArray, groupArray, isValidation, firstPoolGroup, seed, cancellationToken);
            var weights = new float[blendCount][];
            weights[Learned] = learned;
            weights[Refined] = Ascend(learned, x, exampleGroups, logits, catalogueOnly, cancellationToken);
            weights[Hand] = handModel.Weights.ToArray();
            weights[CollaborativeAlone] = collaborativeWeights;
            weights[CollaborativeRefined] = Ascend(collaborativeWeights, x, exampleGroups, logits, catalogueOnly, cancellationToken);
            Array.Copy(singles, 0, weights, names.Length, singles.Length);
            var auc = new double[names.Length];
            for (var c = 0; c < names.Length; c++)
            {
                Logits(x, weights[c], logits);
                auc[c] = exampleGroups.FeedAuc(logits, validation: true);
            }

            weightsByFold[fold] = weights;
            aucByFold[fold] = auc;
            feedNdcgByFold[fold] = exampleGroups.FeedNdcgByUser(x, weights, userArray);
            ndcgByFold[fold] = catalogueNdcg?.Invoke([.. weights.Select(w => new BlendModel(means, inverseStd, w, 0f, learned: false, handModel.Diagnostics))], 1 - fold) ?? [];
        });

        var feedAuc = new double[names.Length];
        var feedAucFolds = new int[names.Length];
        var perUser = new List<double>[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            perUser[c] = [];
            for (var fold = 0; fold < 2; fold++)
            {
                if (!double.IsNaN(aucByFold[fold][c]))
                {
                    feedAuc[c] += aucByFold[fold][c];
                    feedAucFolds[c]++;
                }

                if (ndcgByFold[fold].Length > 0)
                {
                    perUser[c].AddRange(ndcgByFold[fold][c]);
                }
            }
        }

        var quality = new (double FeedAuc, double Ndcg)[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            quality[c] = (feedAucFolds[c] > 0 ? feedAuc[c] / feedAucFolds[c] : double.NaN, perUser[c].Count > 0 ? perUser[c].Average() : double.NaN);
        }

        // Each contender's share of the best feed AUC plus its share of the best catalogue NDCG@10 (a measure the data
        // lacks counts for nobody; a catalogue holdout counts the NDCG alone when it has one); the first of equals wins.
        var useAuc = !(catalogueOnly && quality.Any(q => !double.IsNaN(q.Ndcg)));
        var bestAuc = quality.Max(q => double.IsNaN(q.FeedAuc) ? 0 : q.FeedAuc);
        var bestNdcg = quality.Max(q => double.IsNaN(q.Ndcg) ? 0 : q.Ndcg);
        var chosen = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < names.Length; c++)
        {
            var score = (useAuc ? Share(quality[c].FeedAuc, bestAuc) : 0) + Share(quality[c].Ndcg, bestNdcg);
            if (score > bestScore + 1e-9)
            {
                bestScore = score;
                chosen = c;
            }
        }

        // A catalogue holdout leaves plain collaborative filtering only on evidence: the winner's NDCG@10 must beat
        // it, paired user by user, by more than one standard error.
        var guard = string.Empty;
        if (!useAuc && chosen != CollaborativeAlone && !Beats([.. perUser[chosen]], [.. perUser[CollaborativeAlone]], out var gain, out var error))
        {
            guard = double.IsFinite(error)
                ? $"; {names[chosen]} gained {Format(gain)} ± {Format(error)}, not enough"
                : $"; {names[chosen]} not shown to beat it: fewer than 2 users validated";
            chosen = CollaborativeAlone;
        }

        var weights = new float[width];
        for (var j = 0; j < width; j++)
        {
            weights[j] = 0.5f * (weightsByFold[0][chosen][j] + weightsByFold[1][chosen][j]);
        }

        var isLearned = chosen is Learned or Refined or CollaborativeRefined;
        var shipped = names[chosen];
        var guardNote = string.Empty;
        if (isLearned)
        {
            // The guard: out-of-fold NDCG@10 per user of the learned contender against the hand weights and each
            // signal alone, on the feed groups for a feed holdout, on the whole catalogue for a catalogue holdout (or
            // whichever of the two the data allows).
            // Both measures, each user's out-of-fold values; a catalogue holdout counts the catalogue alone when it has it.
            var feed = new List<(int[] Units, double[][] Values)>();
            var catalogue = new List<(int[] Units, double[][] Values)>();
            for (var fold = 0; fold < 2; fold++)
            {
                var units = CatalogueUnits(1 - fold);
                if (ndcgByFold[fold].Length > 0 && units.Length > 0 && ndcgByFold[fold][0].Length == units.Length)
                {
                    catalogue.Add((units, ndcgByFold[fold]));
                }

                if (feedNdcgByFold[fold].Units.Length > 0)
                {
                    feed.Add(feedNdcgByFold[fold]);
                }
            }

            if (catalogueOnly && catalogue.Count > 0)
            {
                feed.Clear();
            }

            int[] contenders = [chosen, Hand, .. Enumerable.Range(names.Length, BlendSignals.Count)];
            var (measure, values, shown) = BlendGuard.Combine(contenders, feed, catalogue);
            var alternativeNames = new List<string> { names[Hand] };
            alternativeNames.AddRange(BlendSignals.All.Select(signal => $"{signal.Name} alone"));
            var decision = BlendGuard.Decide(names[chosen], values[0], alternativeNames, values[1..], measure, seed, shown);
            guardNote = "; " + decision.Note;
            if (!decision.ShipsLearned)
            {
                var alternative = decision.Alternative == 0 ? Hand : names.Length + decision.Alternative - 1;
                weights = weightsByFold[0][alternative].ToArray();
                shipped = alternativeNames[decision.Alternative];
                isLearned = false;
            }
        }

        var described = string.Join(", ", Enumerable.Range(0, BlendSignals.Count).Where(j => weights[j] != 0f).Select(j => $"{BlendSignals.All[j].Name} {Format(weights[j])}"));
        var note = $"{shipped} ({described}{guard}); {Measures(names, quality, feedGroups: n > 0 && groups[0] < firstPoolGroup, catalogueNdcg is not null)}{guardNote}";
        var diagnostics = new BlendDiagnostics(positives, n - positives, quality[Learned].FeedAuc, quality[Hand].FeedAuc, note) { GuardNote = guardNote.TrimStart(';', ' ') };
        var result = new BlendModel(means, inverseStd, weights, 0f, isLearned, diagnostics);
        var allValidation = new bool[n];
        Array.Fill(allValidation, true);
        return Calibrate(result, rows, labels, allValidation);

        // The users (numbered as groupUsers) of the pool groups validated in a fold, in order: the catalogue validation's users.
        int[] CatalogueUnits(int fold)
        {
            var units = new List<int>();
            for (var g = Math.Max(0, firstPoolGroup); g < foldArray.Length; g++)
            {
                if (foldArray[g] == fold)
                {
                    units.Add(userArray.Length > 0 ? userArray[g] : g);
                }
            }

            return [.. units];
        }

        static double Share(double value, double best) => double.IsNaN(value) || best <= 0 ? 0 : value / best;
    }

    /// <summary>
    /// What each contender measured, for the blend note: "feed AUC / catalogue NDCG@10: learned 0.9140/0.1917, ..."; a
    /// measure the data did not allow is named once with the reason instead (never a NaN).
    /// </summary>
    private static string Measures(string[] names, (double FeedAuc, double Ndcg)[] quality, bool feedGroups, bool catalogueUsers)
    {
        var hasAuc = quality.Any(q => !double.IsNaN(q.FeedAuc));
        var hasNdcg = quality.Any(q => !double.IsNaN(q.Ndcg));
        var aucMissing = feedGroups ? "no feed group of the holdout could be validated" : NoFeedGroups;
        var ndcgMissing = catalogueUsers ? "no held-out user could be validated on the whole catalogue" : "no held-out user to validate on the whole catalogue";
        return (hasAuc, hasNdcg) switch
        {
            (true, true) => "cross-fitted feed AUC / catalogue NDCG@10: " + string.Join(", ", names.Select((name, c) => $"{name} {Format(quality[c].FeedAuc)}/{Format(quality[c].Ndcg)}")),
            (false, true) => "cross-fitted catalogue NDCG@10: " + string.Join(", ", names.Select((name, c) => $"{name} {Format(quality[c].Ndcg)}")) + $"; feed AUC not measured: {aucMissing}",
            (true, false) => "cross-fitted feed AUC: " + string.Join(", ", names.Select((name, c) => $"{name} {Format(quality[c].FeedAuc)}")) + $"; catalogue NDCG@10 not measured: {ndcgMissing}",
            _ => $"feed AUC and catalogue NDCG@10 not measured: {aucMissing}, and {ndcgMissing}",
        };
    }

    /// <summary>Four decimals, invariant; "not measured" for NaN (no contender is NaN where another is not: all are measured on the same groups).</summary>
    private static string Format(double value) =>
        double.IsNaN(value) ? "not measured" : value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the mean of the paired differences exceeds its standard error.</summary>
    private static bool Beats(double[] challenger, double[] incumbent, out double gain, out double error)
    {
        var n = challenger.Length;
        gain = 0;
        error = double.PositiveInfinity;
        if (n < 2)
        {
            return false;
        }

        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = challenger[i] - incumbent[i];
        }

        gain = differences.Average();
        var mean = gain;
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        error = Math.Sqrt(variance / n);
        return gain > error;
    }

    /// <summary>logits[i] = weights · x[i].</summary>
    private static void Logits(float[] x, float[] weights, float[] logits)
    {
        var width = BlendModel.Width;
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = System.Numerics.Tensors.TensorPrimitives.Dot(x.AsSpan(i * width, width), weights);
        }
    }

    /// <summary>
    /// Coordinate ascent (Metzler and Croft, "Linear feature-based models for information retrieval", 2007) on the
    /// training groups: each signal's base weight in turn moves by ±0.5, ±0.2, ±0.1, ±0.05 while that raises the feed
    /// AUC and the pool NDCG@10 (each as a share of its value at the start), for up to four rounds. The listwise
    /// metric is what the pairwise loss only approximates; starting from a good point it keeps what is already right.
    /// With <paramref name="poolsOnly"/> (a catalogue holdout with pools) the pool NDCG@10 alone is climbed.
    /// </summary>
    private static float[] Ascend(float[] start, float[] x, Groups groups, float[] logits, bool poolsOnly, CancellationToken cancellationToken)
    {
        // A step must gain 0.2% to be kept: smaller gains on a few hundred groups are mostly noise.
        const double MinimumGain = 1.002;
        // A ridge toward the start: each squared unit of weight moved costs 1% of the objective.
        const double Lambda = 0.01;
        ReadOnlySpan<float> steps = [0.5f, -0.5f, 0.2f, -0.2f, 0.1f, -0.1f, 0.05f, -0.05f];
        var width = BlendModel.Width;
        var w = start.ToArray();
        Logits(x, w, logits);
        var auc0 = groups.FeedAuc(logits, validation: false);
        var ndcg0 = groups.PoolNdcg(logits, validation: false);
        var useAuc = !(poolsOnly && !double.IsNaN(ndcg0)) && auc0 > 0;
        var useNdcg = ndcg0 > 0;
        double Objective()
        {
            var penalty = 0.0;
            for (var j = 0; j < BlendSignals.Count; j++)
            {
                penalty += (w[j] - start[j]) * (w[j] - start[j]);
            }

            return (useAuc ? groups.FeedAuc(logits, validation: false) / auc0 : 0) + (useNdcg ? groups.PoolNdcg(logits, validation: false) / ndcg0 : 0) - (Lambda * penalty);
        }

        // Moving one weight moves the logits of the measured rows by step × that column: O(rows), not O(rows × width).
        var ranges = groups.Ranges(validation: false, feed: useAuc, pools: useNdcg);
        void Move(int j, float step)
        {
            w[j] += step;
            foreach (var (first, end) in ranges)
            {
                for (var i = first; i < end; i++)
                {
                    logits[i] += step * x[(i * width) + j];
                }
            }
        }

        var best = Objective();
        for (var round = 0; round < 4; round++)
        {
            var improved = false;
            for (var j = 0; j < BlendSignals.Count; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var step in steps)
                {
                    Move(j, step);
                    var value = Objective();
                    if (value > best * MinimumGain)
                    {
                        best = value;
                        improved = true;
                    }
                    else
                    {
                        Move(j, -step);
                    }
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return w;
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
    private static (float[] Weights, float Bias) Newton(float[] x, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation, int firstPoolGroup, int seed, CancellationToken cancellationToken)
    {
        var width = BlendModel.Width;
        var (pairs, pairWeights) = Differences(x, labels, groups, isValidation, firstPoolGroup, seed);
        var n = pairWeights.Length;
        var beta = new double[width];
        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hessian = new double[width, width];
            var gradient = new double[width];
            for (var i = 0; i < n; i++)
            {
                var d = pairs.AsSpan(i * width, width);
                var z = 0.0;
                for (var j = 0; j < width; j++)
                {
                    z += beta[j] * d[j];
                }

                var p = 1.0 / (1.0 + Math.Exp(-z));
                var pw = pairWeights[i];
                var w = pw * Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j < width; j++)
                {
                    if (d[j] == 0f)
                    {
                        continue;
                    }

                    gradient[j] -= pw * (1 - p) * d[j];
                    var wj = w * d[j];
                    for (var h = j; h < width; h++)
                    {
                        hessian[j, h] += wj * d[h];
                    }
                }
            }

            for (var j = 0; j < width; j++)
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
            for (var j = 0; j < width; j++)
            {
                beta[j] -= delta[j];
                change = Math.Max(change, Math.Abs(delta[j]));
            }

            if (change < 1e-6)
            {
                break;
            }
        }

        var weights = new float[width];
        for (var j = 0; j < width; j++)
        {
            weights[j] = (float)beta[j];
        }

        return (weights, 0f);
    }

    /// <summary>
    /// x⁺ − x⁻ for every (engaged, not engaged) pair of each training feed group, and for each engaged post of a
    /// training pool group with up to <see cref="RankingDefaults.BlendPoolNegativesPerPositive"/> of the pool's other
    /// posts (seeded sample). Pool pairs are weighted so that both kinds of group weigh the same in the loss.
    /// </summary>
    private static (float[] Pairs, float[] Weights) Differences(float[] x, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation, int firstPoolGroup, int seed)
    {
        var width = BlendModel.Width;
        var pairs = new List<float>();
        var random = new Random(seed);
        var negatives = new List<int>();
        var fromPool = new List<bool>();
        int feedPairs = 0, poolPairs = 0;
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
                var pool = groups[start] >= firstPoolGroup;
                negatives.Clear();
                for (var q = start; q < end; q++)
                {
                    if (labels[q] == 0)
                    {
                        negatives.Add(q);
                    }
                }

                for (var p = start; p < end; p++)
                {
                    if (labels[p] == 0)
                    {
                        continue;
                    }

                    var take = negatives.Count;
                    if (pool && negatives.Count > RankingDefaults.BlendPoolNegativesPerPositive)
                    {
                        // A partial Fisher-Yates shuffle puts a fresh sample first.
                        take = RankingDefaults.BlendPoolNegativesPerPositive;
                        for (var k = 0; k < take; k++)
                        {
                            var r = k + random.Next(negatives.Count - k);
                            (negatives[k], negatives[r]) = (negatives[r], negatives[k]);
                        }
                    }

                    for (var k = 0; k < take; k++)
                    {
                        var q = negatives[k];
                        for (var j = 0; j < width; j++)
                        {
                            pairs.Add(x[(p * width) + j] - x[(q * width) + j]);
                        }

                        fromPool.Add(pool);
                    }

                    if (pool)
                    {
                        poolPairs += take;
                    }
                    else
                    {
                        feedPairs += take;
                    }
                }
            }

            start = end;
        }

        var total = feedPairs + poolPairs;
        var feedWeight = feedPairs > 0 && poolPairs > 0 ? total / (2.0f * feedPairs) : 1f;
        var poolWeight = feedPairs > 0 && poolPairs > 0 ? total / (2.0f * poolPairs) : 1f;
        var weights = new float[total];
        for (var i = 0; i < total; i++)
        {
            weights[i] = fromPool[i] ? poolWeight : feedWeight;
        }

        return ([.. pairs], weights);
    }

    /// <summary>The example groups: where each starts, whether it is a pool and whether it validates.</summary>
    private sealed class Groups
    {
        private readonly int[] _starts;
        private readonly bool[] _pool;
        private readonly bool[] _validation;
        private readonly byte[] _labels;
        private readonly List<(float Score, int Row)> _scored = [];

        public Groups(ReadOnlySpan<byte> labels, ReadOnlySpan<int> groups, bool[] isValidation, int firstPoolGroup)
        {
            var starts = new List<int>();
            for (var i = 0; i < labels.Length; i++)
            {
                if (i == 0 || groups[i] != groups[i - 1])
                {
                    starts.Add(i);
                }
            }

            starts.Add(labels.Length);
            _starts = [.. starts];
            _pool = new bool[_starts.Length - 1];
            _validation = new bool[_starts.Length - 1];
            for (var g = 0; g < _pool.Length; g++)
            {
                _pool[g] = groups[_starts[g]] >= firstPoolGroup;
                _validation[g] = isValidation[_starts[g]];
            }

            _labels = labels.ToArray();
        }

        /// <summary>The row ranges of the chosen groups (adjacent ones merged).</summary>
        public List<(int First, int End)> Ranges(bool validation, bool feed, bool pools)
        {
            var ranges = new List<(int First, int End)>();
            for (var g = 0; g < _pool.Length; g++)
            {
                if (_validation[g] != validation || (_pool[g] ? !pools : !feed))
                {
                    continue;
                }

                if (ranges.Count > 0 && ranges[^1].End == _starts[g])
                {
                    ranges[^1] = (ranges[^1].First, _starts[g + 1]);
                }
                else
                {
                    ranges.Add((_starts[g], _starts[g + 1]));
                }
            }

            return ranges;
        }

        /// <summary>Mean over the chosen feed groups of the share of (positive, negative) pairs in the right order (ties half); NaN for none.</summary>
        public double FeedAuc(ReadOnlySpan<float> logits, bool validation)
        {
            double total = 0;
            var counted = 0;
            for (var g = 0; g < _pool.Length; g++)
            {
                if (_pool[g] || _validation[g] != validation)
                {
                    continue;
                }

                double pairs = 0, right = 0;
                for (var p = _starts[g]; p < _starts[g + 1]; p++)
                {
                    if (_labels[p] == 0)
                    {
                        continue;
                    }

                    for (var q = _starts[g]; q < _starts[g + 1]; q++)
                    {
                        if (_labels[q] != 0)
                        {
                            continue;
                        }

                        pairs++;
                        right += logits[p] > logits[q] ? 1.0 : logits[p] == logits[q] ? 0.5 : 0.0;
                    }
                }

                if (pairs > 0)
                {
                    total += right / pairs;
                    counted++;
                }
            }

            return counted > 0 ? total / counted : double.NaN;
        }

        /// <summary>
        /// NDCG@10 of each blend (first index) for each user of the validation feed groups (second index, users in
        /// ascending order): the mean over the user's groups, ties counted against the engaged post. A group's unit is
        /// <paramref name="groupUsers"/>[group], or the group itself when it is empty.
        /// </summary>
        public (int[] Units, double[][] Values) FeedNdcgByUser(float[] x, float[][] weights, int[] groupUsers)
        {
            const int K = 10;
            var width = BlendModel.Width;
            var units = new SortedDictionary<int, int>();
            for (var g = 0; g < _pool.Length; g++)
            {
                if (!_pool[g] && _validation[g])
                {
                    units.TryAdd(groupUsers.Length > 0 ? groupUsers[g] : g, 0);
                }
            }

            var slot = new Dictionary<int, int>(units.Count);
            foreach (var unit in units.Keys)
            {
                slot[unit] = slot.Count;
            }

            var sums = new double[weights.Length][];
            for (var b = 0; b < weights.Length; b++)
            {
                sums[b] = new double[slot.Count];
            }

            var counts = new int[slot.Count];
            var positives = new List<float>();
            var negatives = new List<float>();
            for (var g = 0; g < _pool.Length; g++)
            {
                if (_pool[g] || !_validation[g])
                {
                    continue;
                }

                var u = slot[groupUsers.Length > 0 ? groupUsers[g] : g];
                var relevant = 0;
                for (var i = _starts[g]; i < _starts[g + 1]; i++)
                {
                    relevant += _labels[i];
                }

                if (relevant == 0)
                {
                    continue;
                }

                var ideal = 0.0;
                for (var r = 0; r < Math.Min(K, relevant); r++)
                {
                    ideal += 1 / Math.Log2(r + 2);
                }

                counts[u]++;
                for (var b = 0; b < weights.Length; b++)
                {
                    positives.Clear();
                    negatives.Clear();
                    for (var i = _starts[g]; i < _starts[g + 1]; i++)
                    {
                        var logit = System.Numerics.Tensors.TensorPrimitives.Dot(x.AsSpan(i * width, width), weights[b]);
                        (_labels[i] != 0 ? positives : negatives).Add(logit);
                    }

                    positives.Sort(static (p, q) => q.CompareTo(p));
                    var dcg = 0.0;
                    for (var k = 0; k < positives.Count && k < K; k++)
                    {
                        // Every negative scored as high ranks above the engaged post (ties are pessimistic).
                        var rank = k;
                        foreach (var negative in negatives)
                        {
                            rank += negative >= positives[k] ? 1 : 0;
                        }

                        dcg += rank < K ? 1 / Math.Log2(rank + 2) : 0;
                    }

                    sums[b][u] += dcg / ideal;
                }
            }

            for (var b = 0; b < weights.Length; b++)
            {
                for (var u = 0; u < counts.Length; u++)
                {
                    sums[b][u] = counts[u] > 0 ? sums[b][u] / counts[u] : 0;
                }
            }

            return ([.. units.Keys], sums);
        }

        /// <summary>Mean NDCG@10 over the chosen pool groups (NaN for none); ties keep row order (rows are in post order).</summary>
        public double PoolNdcg(ReadOnlySpan<float> logits, bool validation)
        {
            const int K = 10;
            double total = 0;
            var counted = 0;
            for (var g = 0; g < _pool.Length; g++)
            {
                if (!_pool[g] || _validation[g] != validation)
                {
                    continue;
                }

                // The K best rows by insertion (score descending, then row): pools are a few hundred rows.
                _scored.Clear();
                var relevant = 0;
                for (var i = _starts[g]; i < _starts[g + 1]; i++)
                {
                    relevant += _labels[i];
                    var score = logits[i];
                    if (_scored.Count == K && !(score > _scored[K - 1].Score))
                    {
                        continue;
                    }

                    var at = _scored.Count;
                    while (at > 0 && score > _scored[at - 1].Score)
                    {
                        at--;
                    }

                    _scored.Insert(at, (score, i));
                    if (_scored.Count > K)
                    {
                        _scored.RemoveAt(K);
                    }
                }

                double dcg = 0, ideal = 0;
                for (var r = 0; r < _scored.Count; r++)
                {
                    dcg += _labels[_scored[r].Row] / Math.Log2(r + 2);
                }

                for (var r = 0; r < Math.Min(K, relevant); r++)
                {
                    ideal += 1 / Math.Log2(r + 2);
                }

                if (ideal > 0)
                {
                    total += dcg / ideal;
                    counted++;
                }
            }

            return counted > 0 ? total / counted : double.NaN;
        }
    }
}
