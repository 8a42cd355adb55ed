using Recommender.Features;
using Recommender.Serialization;

namespace Recommender.Ranking;

/// <summary>
/// The hybrid blend: a logistic model over standardised signals, with a second and third weight per signal that
/// apply only to new users and to new posts (so the weights shift with what is known). Missing signals count as
/// average (standardised 0). Either fitted on held-out engagements or made from hand weights.
/// </summary>
internal sealed class BlendModel
{
    public const int Width = 3 * BlendSignals.Count;

    private readonly float[] _means;
    private readonly float[] _inverseStd;
    private readonly float[] _weights;
    private readonly float[] _folded;

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
        var w = new float[Width];
        w[BlendSignals.Collaborative] = hand.Collaborative;
        w[BlendSignals.Content] = hand.Content;
        w[BlendSignals.AuthorShare] = hand.AuthorAffinity;
        w[BlendSignals.FollowsAuthor] = hand.FollowsAuthor;
        w[BlendSignals.TimeMatch] = hand.TimeMatch;
        w[BlendSignals.Freshness] = hand.Freshness;
        w[BlendSignals.Popularity] = hand.Popularity;
        w[BlendSignals.VelocityLog] = hand.Velocity;
        w[BlendSignals.AuthorPopularity] = hand.AuthorPopularity;
        w[BlendSignals.AlreadySeen] = hand.AlreadySeen;
        w[BlendSignals.CoEngagement] = hand.CoEngagement;
        const int NewUser = BlendSignals.Count;
        const int NewPost = 2 * BlendSignals.Count;
        foreach (var s in new[] { BlendSignals.Popularity, BlendSignals.VelocityLog, BlendSignals.Freshness })
        {
            w[NewUser + s] = w[s] * (hand.NewUserBoost - 1f);
        }

        foreach (var s in new[] { BlendSignals.Content, BlendSignals.AuthorShare, BlendSignals.FollowsAuthor })
        {
            w[NewPost + s] = w[s] * (hand.NewPostBoost - 1f);
        }

        return new BlendModel(means, inverseStd, w, 0f, learned: false, diagnostics);
    }

    /// <summary>Writes the standardised, expanded input of one row (the logistic model's x).</summary>
    public void Expand(ReadOnlySpan<float> row, Span<float> x)
    {
        Span<float> signals = stackalloc float[BlendSignals.Count];
        var missing = BlendSignals.Read(row, signals, out var newUser, out var newPost);
        var nu = newUser ? 1f : 0f;
        var np = newPost ? 1f : 0f;
        for (var s = 0; s < BlendSignals.Count; s++)
        {
            var z = (missing & (1 << s)) != 0 ? 0f : (signals[s] - _means[s]) * _inverseStd[s];
            x[s] = z;
            x[BlendSignals.Count + s] = z * nu;
            x[(2 * BlendSignals.Count) + s] = z * np;
        }
    }

    /// <summary>
    /// The logit of one pair-feature row: the same value as <c>Bias + weights · Expand(row)</c>, computed with the three
    /// weights of each signal folded into one per case (known or new user × known or new post) and divided by the
    /// signal's standard deviation, so a row costs eleven multiply-adds (the ranking hot path).
    /// </summary>
    public float Logit(ReadOnlySpan<float> row)
    {
        const int N = BlendSignals.Count;
        var c = (row[PairFeatureColumns.UserKnown] == 0f ? 1 : 0) | (row[PairFeatureColumns.PostKnown] == 0f ? 2 : 0);
        var a = _folded.AsSpan(c * N, N);
        var m = _means;
        var z = Bias
            + (a[BlendSignals.AuthorShare] * (row[PairFeatureColumns.AuthorEngagementShare] - m[BlendSignals.AuthorShare]))
            + (a[BlendSignals.FollowsAuthor] * (row[PairFeatureColumns.FollowsAuthor] - m[BlendSignals.FollowsAuthor]))
            + (a[BlendSignals.TimeMatch] * (row[PairFeatureColumns.TimeMatch] - m[BlendSignals.TimeMatch]))
            + (a[BlendSignals.Freshness] * (row[PairFeatureColumns.Freshness] - m[BlendSignals.Freshness]))
            + (a[BlendSignals.Popularity] * (row[PairFeatureColumns.PostPopularity] - m[BlendSignals.Popularity]))
            + (a[BlendSignals.VelocityLog] * (MathF.Log(1f + row[PairFeatureColumns.PostVelocity]) - m[BlendSignals.VelocityLog]))
            + (a[BlendSignals.AuthorPopularity] * (row[PairFeatureColumns.AuthorPopularity] - m[BlendSignals.AuthorPopularity]))
            + (a[BlendSignals.AlreadySeen] * (row[PairFeatureColumns.AlreadySeen] - m[BlendSignals.AlreadySeen]));
        if (row[PairFeatureColumns.HasCollaborativeScore] != 0f)
        {
            z += a[BlendSignals.Collaborative] * (row[PairFeatureColumns.CollaborativeScore] - m[BlendSignals.Collaborative]);
        }

        if (row[PairFeatureColumns.HasContentSimilarity] != 0f)
        {
            z += a[BlendSignals.Content] * (row[PairFeatureColumns.ContentSimilarity] - m[BlendSignals.Content]);
        }

        if (row[PairFeatureColumns.HasCoEngagementScore] != 0f)
        {
            z += a[BlendSignals.CoEngagement] * (row[PairFeatureColumns.CoEngagementScore] - m[BlendSignals.CoEngagement]);
        }

        return z;
    }

    /// <summary>The weight of each signal in each case (bit 0: new user, bit 1: new post), times 1/std.</summary>
    private static float[] Fold(float[] weights, float[] inverseStd)
    {
        const int N = BlendSignals.Count;
        var folded = new float[4 * N];
        for (var c = 0; c < 4; c++)
        {
            for (var s = 0; s < N; s++)
            {
                var w = weights[s] + ((c & 1) != 0 ? weights[N + s] : 0f) + ((c & 2) != 0 ? weights[(2 * N) + s] : 0f);
                folded[(c * N) + s] = w * inverseStd[s];
            }
        }

        return folded;
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
        Span<float> x = stackalloc float[Width];
        Expand(row, x);
        for (var s = 0; s < BlendSignals.Count; s++)
        {
            destination[s] = (_weights[s] * x[s]) + (_weights[BlendSignals.Count + s] * x[BlendSignals.Count + s]) + (_weights[(2 * BlendSignals.Count) + s] * x[(2 * BlendSignals.Count) + s]);
        }
    }

    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    internal void Write(ModelWriter writer)
    {
        var chunk = new ChunkWriter();
        chunk.WriteBoolean(Learned);
        chunk.WriteSingle(Bias);
        chunk.WriteSingle(ScoreScale);
        chunk.WriteSingle(ScoreOffset);
        chunk.WriteSingles(_means);
        chunk.WriteSingles(_inverseStd);
        chunk.WriteSingles(_weights);
        chunk.WriteInt32(Diagnostics.Positives);
        chunk.WriteInt32(Diagnostics.Negatives);
        chunk.WriteDouble(Diagnostics.LearnedAuc);
        chunk.WriteDouble(Diagnostics.HandAuc);
        chunk.WriteString(Diagnostics.Note);
        writer.WriteChunk("BLND", 1, chunk);
    }

    internal static BlendModel Read(ModelReader reader)
    {
        var r = new ChunkReader(reader.Get("BLND", 1, out _), "BLND");
        var learned = r.ReadBoolean();
        var bias = r.ReadSingle();
        var scale = r.ReadSingle();
        var offset = r.ReadSingle();
        var means = r.ReadSingles();
        var inverseStd = r.ReadSingles();
        var weights = r.ReadSingles();
        var diagnostics = new BlendDiagnostics(r.ReadInt32(), r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadString() ?? string.Empty);
        r.ExpectEnd();
        if (means.Length == BlendSignals.CountV1 && inverseStd.Length == BlendSignals.CountV1 && weights.Length == 3 * BlendSignals.CountV1)
        {
            // Written before the co-engagement signal: it gets weight 0.
            (means, inverseStd, weights) = (Pad(means, 0f), Pad(inverseStd, 1f), PadWeights(weights));
        }

        if (means.Length != BlendSignals.Count || inverseStd.Length != BlendSignals.Count || weights.Length != Width)
        {
            throw r.Error("has arrays of the wrong length");
        }

        if (!(scale > 0f) || !float.IsFinite(scale) || !float.IsFinite(offset))
        {
            throw r.Error("holds an invalid score calibration");
        }

        if (!float.IsFinite(bias) || !AllFinite(means) || !AllFinite(inverseStd) || !AllFinite(weights))
        {
            throw r.Error("holds a value that is not finite");
        }

        return new BlendModel(means, inverseStd, weights, bias, learned, diagnostics) { ScoreScale = scale, ScoreOffset = offset };
    }

    private static float[] Pad(float[] values, float fill)
    {
        var padded = new float[BlendSignals.Count];
        Array.Fill(padded, fill);
        values.CopyTo(padded, 0);
        return padded;
    }

    private static float[] PadWeights(float[] weights)
    {
        const int Old = BlendSignals.CountV1;
        var padded = new float[Width];
        for (var block = 0; block < 3; block++)
        {
            weights.AsSpan(block * Old, Old).CopyTo(padded.AsSpan(block * BlendSignals.Count));
        }

        return padded;
    }

    private static bool AllFinite(float[] values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How the blend was obtained: example counts and held-out AUC of the learned and the hand blend.</summary>
internal sealed record BlendDiagnostics(int Positives, int Negatives, double LearnedAuc, double HandAuc, string Note);
