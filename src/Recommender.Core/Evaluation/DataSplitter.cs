using System.IO.Hashing;
using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// Splits engagements into train and test for offline evaluation. Every split is deterministic, keeps the input's
/// row order inside train and test, and never drops or invents a row.
/// </summary>
/// <remarks>
/// Per-user splits hold out <c>t = min(n − 1, round(n × testFraction))</c> of a user's <c>n</c> rows, where round
/// takes halves away from zero (n = 10, f = 0.25 gives 3; n = 2, f = 0.25 gives 1; n = 1 gives 0): every user keeps at
/// least one train row.
/// </remarks>
public static class DataSplitter
{
    /// <summary>
    /// Holds out a random <paramref name="testFraction"/> of each user's rows. The choice for a user depends only
    /// on the seed, the user's id and the user's rows (as a set, not their order in the input): each user's rows
    /// are put in a canonical order (timestamp, post id, kind, weight) and shuffled by a generator seeded from
    /// <c>XxHash3(user id, seed)</c>.
    /// </summary>
    /// <param name="engagements">The rows.</param>
    /// <param name="testFraction">The share held out per user, strictly between 0 and 1. Default 0.2.</param>
    /// <param name="seed">The seed. Default 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    public static DataSplit RandomPerUser(IEnumerable<Engagement> engagements, double testFraction = EvaluationDefaults.TestFraction, int seed = EvaluationDefaults.Seed)
    {
        return PerUser(engagements, testFraction, (rows, user, count, test) =>
        {
            user.Sort((a, b) => Canonical(rows[a], rows[b]));
            var random = new Random(UserSeed(rows[user[0]].UserId, seed));

            // A partial Fisher-Yates shuffle: the first `count` slots end up a uniform random choice.
            for (var i = 0; i < count; i++)
            {
                var j = random.Next(i, user.Count);
                (user[i], user[j]) = (user[j], user[i]);
                test[user[i]] = true;
            }
        });
    }

    /// <summary>
    /// Holds out each user's latest <paramref name="testFraction"/> of rows by timestamp (rows with equal timestamps
    /// keep their input order, the later one counting as later).
    /// </summary>
    /// <param name="engagements">The rows.</param>
    /// <param name="testFraction">The share held out per user, strictly between 0 and 1. Default 0.2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    public static DataSplit TemporalPerUser(IEnumerable<Engagement> engagements, double testFraction = EvaluationDefaults.TestFraction)
    {
        return PerUser(engagements, testFraction, (rows, user, count, test) =>
        {
            // Row indices are ascending within a user, so a stable order by time is (timestamp, index).
            user.Sort((a, b) => rows[a].Timestamp != rows[b].Timestamp ? rows[a].Timestamp.CompareTo(rows[b].Timestamp) : a.CompareTo(b));
            for (var i = user.Count - count; i < user.Count; i++)
            {
                test[user[i]] = true;
            }
        });
    }

    /// <summary>Rows before <paramref name="cutoff"/> go to train, rows at or after it to test.</summary>
    /// <param name="engagements">The rows.</param>
    /// <param name="cutoff">The first moment of the test period.</param>
    public static DataSplit ByTime(IEnumerable<Engagement> engagements, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        var train = new List<Engagement>();
        var test = new List<Engagement>();
        foreach (var e in engagements)
        {
            (e.Timestamp < cutoff ? train : test).Add(e);
        }

        return new DataSplit(train, test);
    }

    /// <summary>
    /// The cutoff for <see cref="ByTime(IEnumerable{Engagement}, DateTimeOffset)"/> that holds out about the latest
    /// <paramref name="testFraction"/> of all rows: the timestamp of the row at position <c>n − round(n × f)</c> (0-based,
    /// halves away from zero) in time order. Rows sharing that timestamp all go to test, so the share can be larger.
    /// </summary>
    /// <param name="engagements">The rows.</param>
    /// <param name="testFraction">The share to hold out, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentException">There are no rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    public static DateTimeOffset CutoffFor(IEnumerable<Engagement> engagements, double testFraction = EvaluationDefaults.TestFraction)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        CheckFraction(testFraction);
        var times = engagements.Select(e => e.Timestamp).ToArray();
        if (times.Length == 0)
        {
            throw new ArgumentException("There are no rows to split.", nameof(engagements));
        }

        Array.Sort(times);
        var held = (int)Math.Round(times.Length * testFraction, MidpointRounding.AwayFromZero);
        return times[Math.Clamp(times.Length - held, 0, times.Length - 1)];
    }

    /// <summary>The number of a user's <paramref name="rows"/> held out: min(n − 1, round(n × f)), halves away from zero.</summary>
    internal static int TestCount(int rows, double testFraction) =>
        Math.Min(rows - 1, (int)Math.Round(rows * testFraction, MidpointRounding.AwayFromZero));

    /// <summary>Runs <paramref name="holdOut"/> for every user with rows to hold out: (rows, the user's row indices, how many, the test flags).</summary>
    private static DataSplit PerUser(IEnumerable<Engagement> engagements, double testFraction, Action<Engagement[], List<int>, int, bool[]> holdOut)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        CheckFraction(testFraction);
        var rows = engagements.ToArray();
        var test = new bool[rows.Length];
        foreach (var user in GroupByUser(rows))
        {
            var count = TestCount(user.Count, testFraction);
            if (count > 0)
            {
                holdOut(rows, user, count, test);
            }
        }

        return Partition(rows, test);
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }
    }

    /// <summary>Each user's row indices, ascending, users in order of first appearance.</summary>
    private static List<List<int>> GroupByUser(Engagement[] rows)
    {
        var byUser = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var users = new List<List<int>>();
        for (var i = 0; i < rows.Length; i++)
        {
            Guard.NotNullOrEmpty(rows[i].UserId, "Engagement.UserId");
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(byUser, rows[i].UserId, out var exists);
            if (!exists)
            {
                list = [];
                users.Add(list);
            }

            list!.Add(i);
        }

        return users;
    }

    private static int Canonical(in Engagement a, in Engagement b)
    {
        var c = a.Timestamp.CompareTo(b.Timestamp);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.PostId, b.PostId);
        }

        if (c == 0)
        {
            c = a.Kind.CompareTo(b.Kind);
        }

        if (c == 0)
        {
            c = Nullable.Compare(a.Weight, b.Weight);
        }

        return c;
    }

    private static int UserSeed(string userId, int seed)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(userId.AsSpan()), seed);
        return (int)(hash ^ (hash >> 32));
    }

    private static DataSplit Partition(Engagement[] rows, bool[] test)
    {
        var train = new List<Engagement>(rows.Length);
        var held = new List<Engagement>();
        for (var i = 0; i < rows.Length; i++)
        {
            (test[i] ? held : train).Add(rows[i]);
        }

        return new DataSplit(train, held);
    }
}
