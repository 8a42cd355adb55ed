using Recommender.Data;

namespace Recommender.Files.Tests.Data;

public class DataFilesReadTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    [Fact]
    public void ReadEngagements_ProtocolCsv_ReadsColumnsInAnyOrderAndIgnoresUnknownOnes()
    {
        var rows = DataFiles.ReadEngagements(TestFiles.Fixture("protocol/interactions.csv")).ToList();

        Assert.Equal(
            [
                new Engagement("u1", "p1", EngagementKind.View, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)),
                new Engagement("u1", "p2", EngagementKind.Like, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 2.5f),
                new Engagement("u2", "p1", EngagementKind.Share, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_500)),
                new Engagement("u2", "p3", EngagementKind.View, Epoch),
            ],
            rows);
    }

    [Fact]
    public void ReadEngagements_RepeatedIds_ShareOneStringInstance()
    {
        var rows = DataFiles.ReadEngagements(TestFiles.Fixture("protocol/interactions.csv")).ToList();

        Assert.Same(rows[0].UserId, rows[1].UserId);
        Assert.Same(rows[0].PostId, rows[2].PostId);
    }

    [Fact]
    public void ReadPosts_ProtocolCsv_ReadsQuotedTextTagsAuthorAndTime()
    {
        var posts = DataFiles.ReadPosts(TestFiles.Fixture("protocol/posts.csv")).ToList();

        Assert.Equal(3, posts.Count);
        Assert.Equal(("p1", "a1", DateTimeOffset.FromUnixTimeSeconds(1_699_990_000)), (posts[0].Id, posts[0].AuthorId, posts[0].CreatedAt));
        Assert.Equal("Hello, \"world\"", posts[0].Text);
        Assert.Equal(["dotnet", "csharp"], posts[0].Tags);
        Assert.Equal("two\nlines", posts[1].Text);
        Assert.Equal(["travel"], posts[1].Tags);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 8, 0, 0, TimeSpan.Zero), posts[1].CreatedAt);
        Assert.Equal(("p3", (string?)null, Epoch, (string?)null), (posts[2].Id, posts[2].AuthorId, posts[2].CreatedAt, posts[2].Text));
        Assert.Empty(posts[2].Tags);
    }

    [Fact]
    public void ReadUsers_ProtocolCsv_ReadsOptionalCreationTime()
    {
        var users = DataFiles.ReadUsers(TestFiles.Fixture("protocol/users.csv")).ToList();

        Assert.Equal([new User("u1") { CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000) }, new User("u2")], users);
    }

    [Fact]
    public void ReadEngagements_MovieLens100K_IsTabSeparatedViewsOfWeightOne()
    {
        var rows = DataFiles.ReadEngagements(TestFiles.Fixture("ml-100k/u.data")).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(new Engagement("196", "242", EngagementKind.View, DateTimeOffset.FromUnixTimeSeconds(881_250_949)), rows[0]);
        Assert.All(rows, r => Assert.Null(r.Weight));
    }

    [Fact]
    public void ReadPosts_MovieLens100KItems_GenreFlagsAreTagsAndTitleYearIsCreation()
    {
        var posts = DataFiles.ReadPosts(TestFiles.Fixture("ml-100k/u.item")).ToDictionary(p => p.Id);

        Assert.Equal(["fantasy"], posts["242"].Tags);
        Assert.Equal(["crime", "film-noir", "romance", "thriller"], posts["302"].Tags);
        Assert.Equal("Cité des enfants perdus, La (1995)", posts["377"].Text);
        Assert.Equal(new DateTimeOffset(1995, 1, 1, 0, 0, 0, TimeSpan.Zero), posts["377"].CreatedAt);
        Assert.Equal(Epoch, posts["1682"].CreatedAt);
        Assert.Null(posts["1682"].AuthorId);
    }

    [Fact]
    public void ReadUsers_MovieLens100KUsers_ReadsIds()
    {
        Assert.Equal(["1", "2"], DataFiles.ReadUsers(TestFiles.Fixture("ml-100k/u.user")).Select(u => u.Id));
    }

    [Fact]
    public void ReadAll_MovieLens1M_IsDoubleColonSeparated()
    {
        var rows = DataFiles.ReadEngagements(TestFiles.Fixture("ml-1m/ratings.dat")).ToList();
        var posts = DataFiles.ReadPosts(TestFiles.Fixture("ml-1m/movies.dat")).ToList();
        var users = DataFiles.ReadUsers(TestFiles.Fixture("ml-1m/users.dat")).ToList();

        Assert.Equal(new Engagement("1", "1193", EngagementKind.View, DateTimeOffset.FromUnixTimeSeconds(978_300_760)), rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["animation", "children's", "musical"], posts[1].Tags);
        Assert.Equal(new DateTimeOffset(1975, 1, 1, 0, 0, 0, TimeSpan.Zero), posts[0].CreatedAt);
        Assert.Equal(["1", "2"], users.Select(u => u.Id));
    }

    [Fact]
    public void ReadEngagements_MovieLensRatingsCsv_AcceptsCamelCaseColumnsAndIgnoresTheRating()
    {
        var rows = DataFiles.ReadEngagements(TestFiles.Fixture("ml-latest/ratings.csv")).ToList();

        Assert.Equal(new Engagement("1", "11", EngagementKind.View, DateTimeOffset.FromUnixTimeSeconds(964_981_247)), rows[1]);
        Assert.All(rows, r => Assert.Null(r.Weight));
    }

    [Fact]
    public void ReadPosts_MovieLensMoviesCsv_AddsUserTagsFromTagsCsvLowerCasedAndDeduplicated()
    {
        var posts = DataFiles.ReadPosts(TestFiles.Fixture("ml-latest/movies.csv")).ToDictionary(p => p.Id);

        Assert.Equal(["adventure", "animation", "children", "comedy", "fantasy", "pixar", "funny, clever"], posts["1"].Tags);
        Assert.Equal(["comedy", "drama", "romance"], posts["11"].Tags);
        Assert.Equal("American President, The (1995)", posts["11"].Text);
        Assert.Equal(new DateTimeOffset(1995, 1, 1, 0, 0, 0, TimeSpan.Zero), posts["11"].CreatedAt);
        Assert.Empty(posts["99"].Tags);
        Assert.Equal(Epoch, posts["99"].CreatedAt);
    }

    [Fact]
    public void ReadPosts_MoviesCsvWithoutTagsFile_HasGenresOnly()
    {
        using var dir = new ScratchDirectory();
        var path = dir.Write("movies.csv", "movieId,title,genres\n1,Toy Story (1995),Adventure|Comedy\n");

        Assert.Equal(["adventure", "comedy"], DataFiles.ReadPosts(path).Single().Tags);
    }

    [Fact]
    public void ReadEngagements_IsLazy_OpensTheFileWhenEnumerated()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "x.csv");
        var rows = DataFiles.ReadEngagements(missing);

        Assert.ThrowsAny<IOException>(() => rows.First());
    }

    [Fact]
    public void ReadEngagements_EmptyPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DataFiles.ReadEngagements(""));
    }
}
