namespace Recommender.Evaluation;

/// <summary>
/// Percentile bootstrap of a mean over independent units (test users, or (user, window) pairs of the feed task):
/// <see cref="Resamples"/> resamples with replacement, drawn from a fixed seed so that a run is reproducible.
/// Costs <c>Resamples × units</c> random draws: 1,000 × 10,000 users is about 50 ms. The resampling itself is
/// <see cref="Resampling"/>, which training's blend guard shares.
/// </summary>
internal static class Bootstrap
{
    /// <summary>Resamples drawn.</summary>
    public const int Resamples = 1000;

    /// <summary>The seed every interval is drawn with.</summary>
    public const int Seed = 20_190_601;

    /// <summary>The 95% interval of the mean of <paramref name="values"/>; (NaN, NaN) for no value, (v, v) for one.</summary>
    public static ConfidenceInterval MeanInterval(ReadOnlySpan<double> values, double confidence = 0.95)
    {
        var (lower, upper) = Resampling.MeanInterval(values, Resamples, Seed, confidence);
        return new ConfidenceInterval(lower, upper);
    }

    /// <summary>
    /// The interval of the mean per-unit difference <c>a[i] - b[i]</c> of two models scored on the same units (a paired
    /// bootstrap: the units' own variance cancels): a lower bound above 0 says <paramref name="a"/> is better with the
    /// given confidence.
    /// </summary>
    /// <exception cref="ArgumentException">The two series differ in length.</exception>
    public static ConfidenceInterval PairedDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        var (lower, upper) = Resampling.PairedDifference(a, b, Resamples, Seed, confidence);
        return new ConfidenceInterval(lower, upper);
    }
}
