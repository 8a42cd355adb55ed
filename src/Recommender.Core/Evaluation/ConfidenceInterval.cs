namespace Recommender.Evaluation;

/// <summary>A bootstrap confidence interval of a mean (95% unless said otherwise): the true mean lies in [Lower, Upper] with that confidence.</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>Half the interval's width.</summary>
    public double HalfWidth => (Upper - Lower) / 2;

    /// <summary>True when the whole interval lies above zero (a paired difference that is positive with this confidence).</summary>
    public bool ExcludesZeroAbove => Lower > 0;
}
