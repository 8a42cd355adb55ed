using Recommender.Data;

namespace Recommender.Core.Tests.Data;

public sealed class IdIndexTests
{
    private static string[] Ids(int count) => [.. Enumerable.Range(0, count).Select(i => $"p{i:D6}")];

    [Fact]
    public void TryGetIndex_FindsEveryId_AndNothingElse()
    {
        var ids = Ids(10_000);
        var index = IdIndex.Create(ids);

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(index.TryGetIndex(ids[i], out var found));
            Assert.Equal(i, found);
            Assert.Equal(ids[i], index[i]);
        }

        Assert.Equal(-1, index.IndexOf("p010000"));
        Assert.Equal(-1, index.IndexOf("P000001"));
        Assert.Equal(-1, index.IndexOf("p00000"));
        Assert.Equal(-1, index.IndexOf(string.Empty));
        Assert.Equal(-1, index.IndexOf(null));
        Assert.Equal(-1, IdIndex.Empty.IndexOf("p000001"));
    }

    [Fact]
    public void TryGetIndex_ComparesIdsOrdinally()
    {
        // Equal under culture or case rules, different code units.
        var index = IdIndex.Create(["e\u0301", "\u00e9", "Straße", "STRASSE"]);

        Assert.Equal(0, index.IndexOf("e\u0301"));
        Assert.Equal(1, index.IndexOf("\u00e9"));
        Assert.Equal(2, index.IndexOf("Straße"));
        Assert.Equal(3, index.IndexOf("STRASSE"));
        Assert.Equal(-1, index.IndexOf("strasse"));
    }

    [Fact]
    public void BatchIndexOf_EqualsOneByOne_WithUnknownAndRepeatedIds()
    {
        var ids = Ids(5_000);
        var index = IdIndex.Create(ids);
        var random = new Random(7);
        string[] queries = [.. Enumerable.Range(0, 2_000).Select(_ => random.Next(3) == 0 ? $"new{random.Next(100)}" : ids[random.Next(ids.Length)])];
        var batch = new int[queries.Length];

        index.IndexOf(queries, batch);

        Assert.Equal(queries.Select(q => index.IndexOf(q)), batch);
        Assert.Contains(-1, batch);
    }

    [Fact]
    public void BatchIndexOf_ShortDestination_Throws()
    {
        var index = IdIndex.Create(Ids(3));

        var error = Assert.Throws<ArgumentException>(() => index.IndexOf(["p000001", "p000002"], new int[1]));

        Assert.Contains("destination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_FallsBackToTheRandomizedStringHash_WhenRunsAreTooLong_AndStillFindsEveryId()
    {
        var ids = Ids(3_000);

        var table = IdTable.Create(ids, maxRun: 0);

        Assert.True(table.RandomizedHash);
        var batch = new int[ids.Length + 1];
        table.IndexOf([.. ids, "missing"], batch);
        Assert.Equal(Enumerable.Range(0, ids.Length).Append(-1), batch);
        Assert.Equal(1_234, table.IndexOf(ids[1_234]));
        Assert.Equal(-1, table.IndexOf("missing"));
    }

    [Fact]
    public void Table_KeepsItsOwnHash_ForHonestIds_AndItsRunsStayShort()
    {
        var table = IdTable.Create(Ids(100_000));

        Assert.False(table.RandomizedHash);
        Assert.InRange(table.LongestRun(), 1, 200);
    }

    [Fact]
    public void Create_RepeatedOrEmptyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => IdIndex.Create(["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => IdIndex.Create(["a", string.Empty]));
    }
}
