using Recommender.Data;

namespace Recommender.SampleData;

/// <summary>The random draws both generators make (the same code, so that each world stays identical per seed).</summary>
internal static class Sampling
{
    /// <summary>A log-normal factor with mean 1.</summary>
    public static double LogNormal(Random random, double sigma)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Exp((sigma * z) - (sigma * sigma / 2));
    }

    /// <summary>Distinct indices drawn with the given weights, without replacement.</summary>
    public static int[] PickDistinct(double[] weights, int count, Random random)
    {
        var picked = new List<int>(count);
        while (picked.Count < count)
        {
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                total += picked.Contains(i) ? 0 : weights[i];
            }

            var x = random.NextDouble() * total;
            for (var i = 0; i < weights.Length; i++)
            {
                if (picked.Contains(i))
                {
                    continue;
                }

                x -= weights[i];
                if (x < 0 || i == weights.Length - 1)
                {
                    picked.Add(i);
                    break;
                }
            }
        }

        return [.. picked];
    }

    /// <summary>The position in <paramref name="pool"/> (ascending by creation) of the last post created at or before <paramref name="ticks"/>, or -1.</summary>
    public static int LastCreatedAtOrBefore(List<int> pool, long[] created, long ticks)
    {
        int lo = 0, hi = pool.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (created[pool[mid]] <= ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    /// <summary>Which of a user's 1-3 tastes: the strongest is picked most (weights 3, 2, 1).</summary>
    public static int PickTaste(int tastes, Random random) => tastes switch
    {
        1 => 0,
        2 => random.Next(5) < 3 ? 0 : 1,
        _ => random.Next(6) switch { < 3 => 0, < 5 => 1, _ => 2 },
    };

    /// <summary>A moment truncated to whole seconds (the CSV files hold seconds).</summary>
    public static long WholeSeconds(long ticks) => ticks - (ticks % TimeSpan.TicksPerSecond);

    /// <summary>The engagements in the order of their keys (timestamp ticks; Array.Sort, as both generators always sorted).</summary>
    public static Engagement[] SortedByTime(List<(long Ticks, Engagement Row)> rows)
    {
        var keys = new long[rows.Count];
        var items = new Engagement[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            (keys[i], items[i]) = rows[i];
        }

        Array.Sort(keys, items);
        return items;
    }
}
