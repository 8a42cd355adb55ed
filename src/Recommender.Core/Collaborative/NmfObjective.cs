namespace Recommender.Collaborative;

/// <summary>What the factorisation minimises.</summary>
public enum NmfObjective
{
    /// <summary>
    /// Confidence-weighted implicit feedback (as WRMF / eALS, with factors kept non-negative): every engaged pair
    /// is a preference of 1 with confidence <c>1 + Alpha × ln(2 + weight / mean weight)</c>; every other pair a preference of 0
    /// with confidence 1. Ranks better on engagement data; the default.
    /// </summary>
    Implicit = 0,

    /// <summary>
    /// Plain NMF as scikit-learn's <c>NMF(beta_loss="frobenius")</c>: the squared error between the weight
    /// matrix and its reconstruction, every cell counting equally. Kept as the baseline.
    /// </summary>
    Frobenius = 1,
}
