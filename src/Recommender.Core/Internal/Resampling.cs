namespace Recommender;

/// <summary>
/// The percentile bootstrap of a mean, shared by the evaluation's intervals (<c>Evaluation.Bootstrap</c>) and the
/// blend guard of training: <c>resamples</c> resamples with replacement, drawn from a seed so that a run is reproducible.
/// </summary>
internal static class Resampling
{
    /// <summary>The interval of the mean of <paramref name="values"/>; (NaN, NaN) for no value, (v, v) for one.</summary>
    public static (double Lower, double Upper) MeanInterval(ReadOnlySpan<double> values, int resamples, int seed, double confidence)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var means = new double[resamples];
        var random = new Random(seed);
        for (var r = 0; r < means.Length; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                sum += values[random.Next(values.Length)];
            }

            means[r] = sum / values.Length;
        }

        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return (At(means, tail), At(means, 1 - tail));
    }

    /// <summary>The interval of the mean per-unit difference <c>a[i] - b[i]</c> (a paired bootstrap: the units' own variance cancels).</summary>
    /// <exception cref="ArgumentException">The two series differ in length.</exception>
    public static (double Lower, double Upper) PairedDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int resamples, int seed, double confidence)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"A paired bootstrap needs one value per unit from each model: {a.Length} and {b.Length} values.", nameof(b));
        }

        var differences = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            differences[i] = a[i] - b[i];
        }

        return MeanInterval(differences, resamples, seed, confidence);
    }

    /// <summary>The q-quantile of sorted values, interpolated linearly.</summary>
    private static double At(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
