namespace Recommender.Collaborative;

/// <summary>The documented defaults and limits of <see cref="NmfOptions"/>.</summary>
public static class NmfDefaults
{
    /// <summary>Latent factors: 50 (capped by the data's size, see <see cref="NmfOptions.Factors"/>).</summary>
    public const int Factors = 50;

    /// <summary>The largest factor count accepted.</summary>
    public const int MaxFactors = 256;

    /// <summary>At most 15 alternating iterations.</summary>
    public const int MaxIterations = 15;

    /// <summary>Stop when the objective improves by less than this fraction in an iteration.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>L2 regularisation of both factor matrices.</summary>
    public const float Regularization = 0.1f;

    /// <summary>Confidence scale of the implicit objective.</summary>
    public const float Alpha = 10f;

    /// <summary>Seed of the initial factors.</summary>
    public const int Seed = 42;
}
