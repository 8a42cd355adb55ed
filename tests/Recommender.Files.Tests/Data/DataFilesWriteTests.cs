using Recommender.Data;

namespace Recommender.Files.Tests.Data;

public sealed class DataFilesWriteTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WriteEngagements_ThenRead_RoundTrips()
    {
        Engagement[] rows =
        [
            new("u,1", "p\"1", EngagementKind.Bookmark, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 0.25f),
            new("u2", "p2", EngagementKind.Report, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)),
            new("u3", "p3", EngagementKind.View, new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(5))),
        ];
        var path = Path.Combine(_dir.Path, "i.csv");

        DataFiles.WriteEngagements(path, rows);

        Assert.Equal(rows, DataFiles.ReadEngagements(path));
        Assert.StartsWith("user_id,post_id,timestamp,kind,weight\n\"u,1\",\"p\"\"1\",1700000000,bookmark,0.25\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void WritePosts_ThenRead_RoundTripsTextWithCommasQuotesAndLineBreaks()
    {
        Post[] posts =
        [
            new("p1", "a1", DateTimeOffset.FromUnixTimeSeconds(1_699_990_000)) { Tags = ["dotnet", "c#"], Text = "Hello, \"world\"\nbye" },
            new("p2", null, DateTimeOffset.UnixEpoch),
        ];
        var path = Path.Combine(_dir.Path, "posts.csv");

        DataFiles.WritePosts(path, posts);
        var read = DataFiles.ReadPosts(path).ToList();

        Assert.Equal([("p1", "a1", posts[0].CreatedAt, "Hello, \"world\"\nbye"), ("p2", null, DateTimeOffset.UnixEpoch, null)], read.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text)));
        Assert.Equal(["dotnet", "c#"], read[0].Tags);
        Assert.Empty(read[1].Tags);
    }

    [Fact]
    public void WriteUsers_ThenRead_RoundTrips()
    {
        User[] users = [new("u1") { CreatedAt = DateTimeOffset.FromUnixTimeSeconds(5) }, new("u2")];
        var path = Path.Combine(_dir.Path, "users.csv");

        DataFiles.WriteUsers(path, users);

        Assert.Equal(users, DataFiles.ReadUsers(path));
    }

    [Fact]
    public void WritePosts_TagHoldingTheSeparator_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => DataFiles.WritePosts(Path.Combine(_dir.Path, "p.csv"), [new Post("p1", null, DateTimeOffset.UnixEpoch) { Tags = ["a|b"] }]));

        Assert.Contains("'a|b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteEngagements_EmptyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => DataFiles.WriteEngagements(Path.Combine(_dir.Path, "i.csv"), [new Engagement("", "p", EngagementKind.View, DateTimeOffset.UnixEpoch)]));
    }
}
