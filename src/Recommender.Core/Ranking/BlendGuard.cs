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

    /// <summary>
    /// The guard's per-user values of some contenders, from the feed measure, the catalogue measure or both: each
    /// measure per fold as (the users, numbered; each contender's value for each of them). With both measures a
    /// user's value is the sum of their NDCG@10 on each as a share of the best contender's mean on it (a measure the
    /// user lacks counts 0 for every contender); with one it is the NDCG@10 itself.
    /// </summary>
    /// <returns>The measure's name, each contender's value per user (users in ascending order) and what the note shows of each contender.</returns>
    public static (string Measure, double[][] Values, string[] Shown) Combine(IReadOnlyList<int> contenders, IReadOnlyList<(int[] Units, double[][] Values)> feed, IReadOnlyList<(int[] Units, double[][] Values)> catalogue)
    {
        var slots = new SortedDictionary<int, int>();
        foreach (var (units, _) in feed.Concat(catalogue))
        {
            foreach (var unit in units)
            {
                slots.TryAdd(unit, 0);
            }
        }

        var order = new Dictionary<int, int>(slots.Count);
        foreach (var unit in slots.Keys)
        {
            order[unit] = order.Count;
        }

        var (feedValues, feedHas, feedMeans) = Gather(contenders, feed, order);
        var (catalogueValues, catalogueHas, catalogueMeans) = Gather(contenders, catalogue, order);
        var hasFeed = feedHas.Any(h => h);
        var hasCatalogue = catalogueHas.Any(h => h);
        var values = new double[contenders.Count][];
        var shown = new string[contenders.Count];
        var bestFeed = hasFeed ? feedMeans.Max() : 0;
        var bestCatalogue = hasCatalogue ? catalogueMeans.Max() : 0;
        for (var c = 0; c < contenders.Count; c++)
        {
            values[c] = new double[order.Count];
            for (var u = 0; u < order.Count; u++)
            {
                values[c][u] = (hasFeed, hasCatalogue) switch
                {
                    (true, true) => (feedHas[u] && bestFeed > 0 ? feedValues[c][u] / bestFeed : 0) + (catalogueHas[u] && bestCatalogue > 0 ? catalogueValues[c][u] / bestCatalogue : 0),
                    (true, false) => feedValues[c][u],
                    _ => catalogueValues[c][u],
                };
            }

            shown[c] = (hasFeed, hasCatalogue) switch
            {
                (true, true) => $"{F(feedMeans[c])}/{F(catalogueMeans[c])}",
                (true, false) => F(feedMeans[c]),
                (false, true) => F(catalogueMeans[c]),
                _ => "not measured",
            };
        }

        var measure = (hasFeed, hasCatalogue) switch
        {
            (true, true) => "feed/catalogue NDCG@10 as summed shares of the best",
            (true, false) => "feed NDCG@10",
            _ => "catalogue NDCG@10",
        };
        return (measure, values, shown);
    }

    /// <summary>One measure's values per contender and user slot, whether each slot has it, and each contender's mean over the slots that do.</summary>
    private static (double[][] Values, bool[] Has, double[] Means) Gather(IReadOnlyList<int> contenders, IReadOnlyList<(int[] Units, double[][] Values)> folds, Dictionary<int, int> order)
    {
        var values = new double[contenders.Count][];
        for (var c = 0; c < contenders.Count; c++)
        {
            values[c] = new double[order.Count];
        }

        var has = new bool[order.Count];
        foreach (var (units, byBlend) in folds)
        {
            for (var i = 0; i < units.Length; i++)
            {
                var slot = order[units[i]];
                has[slot] = true;
                for (var c = 0; c < contenders.Count; c++)
                {
                    values[c][slot] = byBlend[contenders[c]][i];
                }
            }
        }

        var count = has.Count(h => h);
        var means = new double[contenders.Count];
        for (var c = 0; c < contenders.Count; c++)
        {
            var sum = 0.0;
            for (var u = 0; u < has.Length; u++)
            {
                sum += has[u] ? values[c][u] : 0;
            }

            means[c] = count > 0 ? sum / count : double.NaN;
        }

        return (values, has, means);
    }

    /// <param name="learnedName">The learned contender's name ("learned and refined").</param>
    /// <param name="learned">Its NDCG@10 per held-out user.</param>
    /// <param name="alternativeNames">The alternatives' names (hand weights first, then each signal alone).</param>
    /// <param name="alternatives">Their NDCG@10 for the same users in the same order.</param>
    /// <param name="measure">What was measured ("feed NDCG@10", "catalogue NDCG@10").</param>
    /// <param name="seed">Seeds the bootstrap.</param>
    /// <param name="shown">What the note shows of the learned contender (first) and each alternative; null shows their means.</param>
    public static Decision Decide(string learnedName, ReadOnlySpan<double> learned, IReadOnlyList<string> alternativeNames, IReadOnlyList<double[]> alternatives, string measure, int seed, IReadOnlyList<string>? shown = null)
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
        var note = $"guard ({measure}, {learned.Length} users): {learnedName} {shown?[0] ?? F(learnedMean)} vs {alternativeNames[best]} {shown?[best + 1] ?? F(bestMean)} [{Signed(lower)}, {Signed(upper)}]: ships {(ships ? learnedName : alternativeNames[best])}";
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
