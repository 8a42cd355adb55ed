using System.Runtime.CompilerServices;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// The hybrid blend: a logistic model over standardised signals, with a second and third weight per signal that
/// apply only to new users and to new posts (so the weights shift with what is known). Missing signals count as
/// average (standardised 0). Either fitted on held-out engagements or made from hand weights. Every per-signal step
/// is generated from the signal table (<see cref="BlendSignals"/>).
/// </summary>
internal sealed partial class BlendModel
{
    /// <summary>The most signals a blend holds (the slots of <see cref="Logit"/>; one bit each in a missing-signal mask).</summary>
    public const int MaxSignals = 32;

    /// <summary>The logistic model's inputs: each signal's base, new-user and new-post copy (three blocks of <see cref="BlendSignals.Count"/>).</summary>
    public static readonly int Width = 3 * BlendSignals.Count;

    /// <summary>
    /// The signals in the order <see cref="Logit"/> adds them (its terms): the <see cref="PresentTerms"/> that are never
    /// missing first, then those with a missing flag, in table order within each.
    /// </summary>
    private static readonly int[] TermSignals = LogitOrder();

    /// <summary>The pair-feature column of each term.</summary>
    private static readonly int[] TermColumns = [.. TermSignals.Select(s => BlendSignals.All[s].Column)];

    /// <summary>The missing flag's column of each term (-1 for the present ones).</summary>
    private static readonly int[] TermFlags = [.. TermSignals.Select(s => BlendSignals.All[s].MissingFlag)];

    /// <summary>Bit k: term k's value is <c>ln(1 + column)</c>.</summary>
    private static readonly ulong LogTerms = LogMask();

    /// <summary>How many terms are never missing.</summary>
    private static readonly int PresentTerms = TermFlags.Count(f => f < 0);

    /// <summary>How many terms there are (a static readonly count the JIT reads as a constant).</summary>
    private static readonly int TermCount = TermSignals.Length;

    private readonly float[] _means;
    private readonly float[] _inverseStd;
    private readonly float[] _weights;
    private readonly float[] _folded;
    private readonly float[] _termMeans;

    public BlendModel(float[] means, float[] inverseStd, float[] weights, float bias, bool learned, BlendDiagnostics diagnostics)
    {
        if (means.Length != BlendSignals.Count || inverseStd.Length != BlendSignals.Count || weights.Length != Width)
        {
            throw new ArgumentException("Blend arrays have the wrong length.");
        }

        _means = means;
        _inverseStd = inverseStd;
        _weights = weights;
        Bias = bias;
        _folded = Fold(weights, inverseStd);
        _termMeans = [.. TermSignals.Select(t => means[t])];

        Learned = learned;
        Diagnostics = diagnostics;
    }

    public float Bias { get; }

    /// <summary>Platt scaling of the logit into a probability: σ(ScoreScale × logit + ScoreOffset). 1 and 0 when not calibrated.</summary>
    public float ScoreScale { get; private init; } = 1f;

    /// <summary>See <see cref="ScoreScale"/>.</summary>
    public float ScoreOffset { get; private init; }

    /// <summary>True when fitted on held-out engagements; false for hand weights.</summary>
    public bool Learned { get; }

    public BlendDiagnostics Diagnostics { get; }

    public ReadOnlySpan<float> Weights => _weights;

    public ReadOnlySpan<float> Means => _means;

    public ReadOnlySpan<float> InverseStd => _inverseStd;

    /// <summary>Hand weights on the given standardisation.</summary>
    public static BlendModel FromHandWeights(BlendWeights hand, float[] means, float[] inverseStd, BlendDiagnostics diagnostics)
    {
        var n = BlendSignals.Count;
        var w = new float[Width];
        for (var s = 0; s < n; s++)
        {
            var signal = BlendSignals.All[s];
            w[s] = signal.HandWeight.Read(hand);
            if (signal.Boost == BoostGroup.NewUser)
            {
                w[n + s] = w[s] * (hand.NewUserBoost - 1f);
            }
            else if (signal.Boost == BoostGroup.NewPost)
            {
                w[(2 * n) + s] = w[s] * (hand.NewPostBoost - 1f);
            }
        }

        return new BlendModel(means, inverseStd, w, 0f, learned: false, diagnostics);
    }

    /// <summary>Writes the standardised, expanded input of one row (the logistic model's x).</summary>
    public void Expand(ReadOnlySpan<float> row, Span<float> x)
    {
        var n = BlendSignals.Count;
        Span<float> signals = stackalloc float[n];
        var missing = BlendSignals.Read(row, signals, out var newUser, out var newPost);
        var nu = newUser ? 1f : 0f;
        var np = newPost ? 1f : 0f;
        for (var s = 0; s < n; s++)
        {
            var z = (missing & (1 << s)) != 0 ? 0f : (signals[s] - _means[s]) * _inverseStd[s];
            x[s] = z;
            x[n + s] = z * nu;
            x[(2 * n) + s] = z * np;
        }
    }

    /// <summary>
    /// The logit of one pair-feature row: the same value as <c>Bias + weights · Expand(row)</c>, computed with the three
    /// weights of each signal folded into one per case (known or new user × known or new post) and divided by the
    /// signal's standard deviation, so a row costs one multiply-add per signal (the ranking hot path). The terms are
    /// added in <see cref="TermSignals"/> order (a fixed order keeps scores identical from run to run).
    /// </summary>
    /// <remarks>
    /// The terms are unrolled rather than looped: <see cref="Term"/> is inlined with a constant index for each of the
    /// <see cref="MaxSignals"/> slots, so the JIT reads the static table as constants and drops the unused slots. A
    /// loop over the table costs about three times as much per row (measured on 250 rows: 2.4 µs unrolled, 7.6 µs
    /// looped), since the value of the log term needs a call inside it.
    /// </remarks>
    public float Logit(ReadOnlySpan<float> row)
    {
        var n = TermSignals.Length;
        var c = (row[PairFeatureColumns.UserKnown] == 0f ? 1 : 0) | (row[PairFeatureColumns.PostKnown] == 0f ? 2 : 0);
        var a = _folded.AsSpan(c * n, n);
        var m = _termMeans.AsSpan(0, n);
        var z = SixteenTerms(Bias, row, a, m, 0);
        return SixteenTerms(z, row, a, m, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SixteenTerms(float z, ReadOnlySpan<float> row, ReadOnlySpan<float> a, ReadOnlySpan<float> m, int k) =>
        FourTerms(FourTerms(FourTerms(FourTerms(z, row, a, m, k), row, a, m, k + 4), row, a, m, k + 8), row, a, m, k + 12);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float FourTerms(float z, ReadOnlySpan<float> row, ReadOnlySpan<float> a, ReadOnlySpan<float> m, int k) =>
        Term(Term(Term(Term(z, row, a, m, k), row, a, m, k + 1), row, a, m, k + 2), row, a, m, k + 3);

    /// <summary>Adds term k, unless there is no such term or its signal is missing from the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Term(float z, ReadOnlySpan<float> row, ReadOnlySpan<float> a, ReadOnlySpan<float> m, int k)
    {
        if (k >= TermCount || (k >= PresentTerms && row[TermFlags[k]] == 0f))
        {
            return z;
        }

        var v = row[TermColumns[k]];
        if (((LogTerms >> k) & 1) != 0)
        {
            v = MathF.Log(1f + v);
        }

        return z + (a[k] * (v - m[k]));
    }

    /// <summary>The weight of each term (<see cref="TermSignals"/> order) in each case (bit 0: new user, bit 1: new post), times 1/std.</summary>
    private static float[] Fold(float[] weights, float[] inverseStd)
    {
        var n = BlendSignals.Count;
        var folded = new float[4 * n];
        for (var c = 0; c < 4; c++)
        {
            for (var k = 0; k < n; k++)
            {
                var s = TermSignals[k];
                var w = weights[s] + ((c & 1) != 0 ? weights[n + s] : 0f) + ((c & 2) != 0 ? weights[(2 * n) + s] : 0f);
                folded[(c * n) + k] = w * inverseStd[s];
            }
        }

        return folded;
    }

    private static int[] LogitOrder()
    {
        if (BlendSignals.Count > MaxSignals)
        {
            throw new InvalidOperationException($"The signal table has {BlendSignals.Count} signals; a blend holds at most {MaxSignals}.");
        }

        var all = Enumerable.Range(0, BlendSignals.Count);
        return [.. all.Where(s => BlendSignals.All[s].MissingFlag < 0), .. all.Where(s => BlendSignals.All[s].MissingFlag >= 0)];
    }

    private static ulong LogMask()
    {
        var mask = 0UL;
        for (var k = 0; k < TermSignals.Length; k++)
        {
            mask |= BlendSignals.All[TermSignals[k]].Transform == SignalTransform.Log1p ? 1UL << k : 0UL;
        }

        return mask;
    }

    /// <summary>The probability-like score in (0, 1).</summary>
    public float Score(ReadOnlySpan<float> row) => Probability(Logit(row));

    /// <summary>The calibrated probability of a logit. Rank by the logit: in float the probability saturates at 1.</summary>
    public float Probability(float logit) => Sigmoid((ScoreScale * logit) + ScoreOffset);

    /// <summary>Turns logits into calibrated probabilities in place, vectorised (within a float rounding of <see cref="Probability"/>).</summary>
    public void Probabilities(Span<float> logits)
    {
        // TensorPrimitives.Sigmoid rejects an empty span.
        if (logits.IsEmpty)
        {
            return;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(logits, ScoreScale, logits);
        System.Numerics.Tensors.TensorPrimitives.Add(logits, ScoreOffset, logits);
        System.Numerics.Tensors.TensorPrimitives.Sigmoid(logits, logits);
    }

    /// <summary>The same blend with a Platt scaling of its scores (ranking order unchanged: the scale is positive).</summary>
    public BlendModel WithCalibration(float scale, float offset) =>
        new(_means, _inverseStd, _weights, Bias, Learned, Diagnostics) { ScoreScale = scale, ScoreOffset = offset };

    /// <summary>The same blend with another diagnostic note.</summary>
    public BlendModel WithNote(string note) =>
        new(_means, _inverseStd, _weights, Bias, Learned, Diagnostics with { Note = note }) { ScoreScale = ScoreScale, ScoreOffset = ScoreOffset };

    /// <summary>Each signal's contribution to the logit (its three weights together).</summary>
    public void Contributions(ReadOnlySpan<float> row, Span<float> destination)
    {
        var n = BlendSignals.Count;
        Span<float> x = stackalloc float[Width];
        Expand(row, x);
        for (var s = 0; s < n; s++)
        {
            destination[s] = (_weights[s] * x[s]) + (_weights[n + s] * x[n + s]) + (_weights[(2 * n) + s] * x[(2 * n) + s]);
        }
    }

    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));
}
