using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// One signal of the hybrid blend: how it is read from a pair-feature row, when it is missing, its hand weight, whose
/// blend strengthens it, what it says to a user and when it appeared. The entries are <see cref="BlendSignals.All"/>.
/// </summary>
internal sealed class BlendSignal(string name, int column, HandWeight handWeight, int since)
{
    /// <summary>The name in saved blends and blend notes ("co-engagement"). Never rename one: files name their signals.</summary>
    public string Name { get; } = name;

    /// <summary>The pair-feature column it reads (<see cref="PairFeatureColumns"/>; <see cref="FeatureExtractor"/> fills it).</summary>
    public int Column { get; } = column;

    /// <summary>Its hand weight: the <see cref="BlendWeights"/> property hosts set.</summary>
    public HandWeight HandWeight { get; } = handWeight;

    /// <summary>
    /// The blend layout that introduced it: <see cref="BlendModel.FirstLayout"/>, <see cref="BlendModel.CoEngagementLayout"/>
    /// or, for every signal added since signal names are saved, <see cref="BlendModel.NamedLayout"/> (docs/model-format.md).
    /// </summary>
    public int Since { get; } = since;

    /// <summary>What is applied to the column's value.</summary>
    public SignalTransform Transform { get; init; }

    /// <summary>The column that is 0 where the signal is missing (it then counts as average), or -1 when it is never missing.</summary>
    public int MissingFlag { get; init; } = -1;

    /// <summary>Whose hand weight it strengthens: a new user's (× NewUserBoost), a new post's (× NewPostBoost) or nobody's.</summary>
    public BoostGroup Boost { get; init; }

    /// <summary>What it says to a user when it is among a result's strongest signals; null says nothing.</summary>
    public SignalReason? Reason { get; init; }

    /// <summary>The signal's value in a row.</summary>
    public float Read(ReadOnlySpan<float> row) => Transform == SignalTransform.Log1p ? MathF.Log(1f + row[Column]) : row[Column];

    /// <summary>True when the row does not have the signal.</summary>
    public bool IsMissing(ReadOnlySpan<float> row) => MissingFlag >= 0 && row[MissingFlag] == 0f;
}

/// <summary>A signal's hand weight: how it is read from the options, and the name of the property read (null for a fixed weight).</summary>
internal readonly record struct HandWeight(Func<BlendWeights, float> Read, string? Property);

/// <summary>What a signal applies to its column's value.</summary>
internal enum SignalTransform
{
    /// <summary>The value as it is.</summary>
    None = 0,

    /// <summary><c>ln(1 + value)</c>, for counts and rates with a long tail.</summary>
    Log1p = 1,
}

/// <summary>Whose hand weight a signal strengthens.</summary>
internal enum BoostGroup
{
    /// <summary>Nobody's.</summary>
    None = 0,

    /// <summary>A new user's (the signals that remain when nothing is known about them).</summary>
    NewUser = 1,

    /// <summary>A new post's (the signals that remain when nobody has engaged with it yet).</summary>
    NewPost = 2,
}
