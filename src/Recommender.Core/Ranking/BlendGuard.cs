using System.Globalization;

namespace Recommender.Ranking;

/// <summary>
/// The blend guard: a learned blend ships only when it beats, on held-out (out-of-fold) users, every simpler
/// alternative it could be replaced by: the hand weights and each signal alone. The measure is NDCG@10 per held-out
/// user (ties counted against the engaged post); the learned blend ships when the lower bound of the paired bootstrap
/// 95% interval of (learned − best alternative) is above 0, otherwise the best alternative ships. A blend worse than
/// a component it contains therefore never ships.
/// </summary>
internal static class BlendGuard
{
    /// <summary>Bootstrap resamples of the paired difference.</summary>
    public const int Resamples = 1000;

    /// <summary>The confidence of the interval.</summary>
    public const double Confidence = 0.95;

    /// <summary>What the guard decided.</summary>
    /// <param name="Alternative">-1 when the learned blend ships; otherwise the index of the alternative that ships.</param>
    /// <param name="Note">The decision for the blend note: "guard (feed NDCG@10, 412 users): learned 0.1230 vs content alone 0.1010 [+0.0100, +0.0300]: ships learned".</param>
    public readonly record struct Decision(int Alternative, string Note)
    {
        /// <summary>True when the learned blend ships.</summary>
        public bool ShipsLearned => Alternative < 0;
    }

    /// <param name="learnedName">The learned contender's name ("learned and refined").</param>
    /// <param name="learned">Its NDCG@10 per held-out user.</param>
    /// <param name="alternativeNames">The alternatives' names (hand weights first, then each signal alone).</param>
    /// <param name="alternatives">Their NDCG@10 for the same users in the same order.</param>
    /// <param name="measure">What was measured ("feed NDCG@10", "catalogue NDCG@10").</param>
    /// <param name="seed">Seeds the bootstrap.</param>
    public static Decision Decide(string learnedName, ReadOnlySpan<double> learned, IReadOnlyList<string> alternativeNames, IReadOnlyList<double[]> alternatives, string measure, int seed)
    {
        if (alternatives.Count == 0)
        {
            throw new ArgumentException("The guard needs at least one alternative.", nameof(alternatives));
        }

        // The best alternative by its mean; the first of equals (hand weights before any single signal).
        var best = 0;
        var bestMean = double.NegativeInfinity;
        for (var a = 0; a < alternatives.Count; a++)
        {
            if (alternatives[a].Length != learned.Length)
            {
                throw new ArgumentException("Every contender needs one value per held-out user.", nameof(alternatives));
            }

            var mean = Mean(alternatives[a]);
            if (mean > bestMean + 1e-12)
            {
                bestMean = mean;
                best = a;
            }
        }

        if (learned.Length == 0)
        {
            return new Decision(best, $"guard: no held-out user to measure on: ships {alternativeNames[best]}");
        }

        var learnedMean = Mean(learned);
        var (lower, upper) = Resampling.PairedDifference(learned, alternatives[best], Resamples, seed, Confidence);
        var ships = lower > 0;
        var note = $"guard ({measure}, {learned.Length} users): {learnedName} {F(learnedMean)} vs {alternativeNames[best]} {F(bestMean)} [{Signed(lower)}, {Signed(upper)}]: ships {(ships ? learnedName : alternativeNames[best])}";
        return new Decision(ships ? -1 : best, note);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length > 0 ? sum / values.Length : double.NaN;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
