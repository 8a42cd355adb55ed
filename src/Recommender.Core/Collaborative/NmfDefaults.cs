namespace Recommender.Collaborative;

/// <summary>The documented defaults and limits of <see cref="NmfOptions"/>.</summary>
internal static class NmfDefaults
{
    /// <summary>Latent factors: 50 (capped by the data's size, see <see cref="NmfOptions.Factors"/>).</summary>
    public const int Factors = 50;

    /// <summary>The largest factor count accepted.</summary>
    public const int MaxFactors = 256;

    /// <summary>At most 15 alternating iterations.</summary>
    public const int MaxIterations = 15;

    /// <summary>Stop when the objective improves by less than this fraction in an iteration.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// When <see cref="NmfOptions.Regularization"/> is null, λ = this × sqrt(stored weights). λ acts as a threshold
    /// on the singular values of the data (components weaker than it vanish), and those grow like the square root of
    /// the number of entries; a fixed λ right for one data size erases everything on a small one. 0.07 gives λ ≈ 20 on
    /// MovieLens latest-small (80 k entries), the best of a sweep there (see README).
    /// </summary>
    public const float RegularizationPerSqrtEntry = 0.07f;

    /// <summary>Confidence scale of the implicit objective.</summary>
    public const float Alpha = 2f;

    /// <summary>Seed of the initial factors.</summary>
    public const int Seed = 42;
}
