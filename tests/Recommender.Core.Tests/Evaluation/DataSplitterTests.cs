using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class DataSplitterTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>User u{i} has i + 1 rows (1..30), posts and times distinct.</summary>
    private static List<Engagement> Rows()
    {
        var rows = new List<Engagement>();
        var random = new Random(5);
        for (var u = 0; u < 30; u++)
        {
            for (var r = 0; r <= u; r++)
            {
                rows.Add(new Engagement($"u{u}", $"p{r}", EngagementKind.View, T0.AddMinutes(random.Next(100_000))));
            }
        }

        return rows;
    }

    [Theory]
    [InlineData(10, 0.25, 3)] // 2.5 rounds away from zero
    [InlineData(10, 0.2, 2)]
    [InlineData(5, 0.2, 1)]
    [InlineData(2, 0.25, 1)] // 0.5 rounds to 1
    [InlineData(2, 0.2, 0)] // 0.4 rounds to 0
    [InlineData(3, 0.5, 2)] // 1.5 rounds to 2 = n - 1
    [InlineData(2, 0.9, 1)] // capped at n - 1: one train row stays
    [InlineData(1, 0.5, 0)]
    public void TestCount_RoundsHalvesAwayFromZeroAndKeepsOneTrainRow(int rows, double fraction, int expected)
    {
        Assert.Equal(expected, DataSplitter.TestCount(rows, fraction));
    }

    [Fact]
    public void RandomPerUser_HoldsOutTheDocumentedCountPerUserAndLosesNoRow()
    {
        var rows = Rows();
        var split = DataSplitter.RandomPerUser(rows, 0.2, seed: 3);

        foreach (var group in rows.GroupBy(r => r.UserId))
        {
            Assert.Equal(DataSplitter.TestCount(group.Count(), 0.2), split.Test.Count(r => r.UserId == group.Key));
        }

        Assert.Equal(rows.OrderBy(Key), split.Train.Concat(split.Test).OrderBy(Key));
    }

    [Fact]
    public void RandomPerUser_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var rows = Rows();

        Assert.Equal(DataSplitter.RandomPerUser(rows, 0.2, 3).Test, DataSplitter.RandomPerUser(rows, 0.2, 3).Test);
        Assert.NotEqual(DataSplitter.RandomPerUser(rows, 0.2, 3).Test.ToHashSet(), DataSplitter.RandomPerUser(rows, 0.2, 4).Test.ToHashSet());
    }

    [Fact]
    public void RandomPerUser_DoesNotDependOnInputOrder_AndKeepsIt()
    {
        var rows = Rows();
        var shuffled = rows.ToArray();
        new Random(9).Shuffle(shuffled);

        var a = DataSplitter.RandomPerUser(rows, 0.3, 7);
        var b = DataSplitter.RandomPerUser(shuffled, 0.3, 7);

        Assert.Equal(a.Test.ToHashSet(), b.Test.ToHashSet());
        Assert.Equal(shuffled.Where(b.Test.ToHashSet().Contains), b.Test);
    }

    [Fact]
    public void TemporalPerUser_TestRowsAreEachUsersLatest()
    {
        var rows = Rows();
        var split = DataSplitter.TemporalPerUser(rows, 0.25);

        foreach (var user in rows.Select(r => r.UserId).Distinct())
        {
            var test = split.Test.Where(r => r.UserId == user).ToList();
            var train = split.Train.Where(r => r.UserId == user).ToList();
            Assert.Equal(DataSplitter.TestCount(test.Count + train.Count, 0.25), test.Count);
            if (test.Count > 0)
            {
                Assert.True(train.Max(r => r.Timestamp) <= test.Min(r => r.Timestamp));
            }
        }
    }

    [Fact]
    public void TemporalPerUser_EqualTimestamps_LaterInputRowIsLater()
    {
        Engagement[] rows = [new("u", "a", EngagementKind.View, T0), new("u", "b", EngagementKind.View, T0), new("u", "c", EngagementKind.View, T0)];

        Assert.Equal(["c"], DataSplitter.TemporalPerUser(rows, 0.3).Test.Select(r => r.PostId));
    }

    [Fact]
    public void ByTime_RowsBeforeCutoffTrain_AtOrAfterTest()
    {
        var rows = Rows();
        var cutoff = T0.AddMinutes(50_000);
        var split = DataSplitter.ByTime(rows, cutoff);

        Assert.All(split.Train, r => Assert.True(r.Timestamp < cutoff));
        Assert.All(split.Test, r => Assert.True(r.Timestamp >= cutoff));
        Assert.Equal(rows.Count, split.Train.Count + split.Test.Count);
    }

    [Fact]
    public void CutoffFor_HoldsOutTheLatestFraction()
    {
        // 10 rows at minutes 0..9; f = 0.25: round(2.5) = 3 held out, the cutoff is the row at position 7.
        var rows = Enumerable.Range(0, 10).Select(i => new Engagement("u", $"p{i}", EngagementKind.View, T0.AddMinutes(i))).Reverse().ToList();

        var cutoff = DataSplitter.CutoffFor(rows, 0.25);

        Assert.Equal(T0.AddMinutes(7), cutoff);
        Assert.Equal(3, DataSplitter.ByTime(rows, cutoff).Test.Count);
    }

    [Fact]
    public void CutoffFor_TiesAtTheCutoff_AllGoToTest()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new Engagement("u", $"p{i}", EngagementKind.View, T0.AddMinutes(i < 5 ? 0 : 1))).ToList();

        Assert.Equal(5, DataSplitter.ByTime(rows, DataSplitter.CutoffFor(rows, 0.2)).Test.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Splits_FractionOutsideZeroOne_Throw(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.RandomPerUser(Rows(), fraction));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.TemporalPerUser(Rows(), fraction));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplitter.CutoffFor(Rows(), fraction));
    }

    private static string Key(Engagement e) => $"{e.UserId}/{e.PostId}/{e.Timestamp.UtcTicks}";
}
