using Recommender.Data;

namespace Recommender.Files.Tests.Data;

public sealed class CsvDataSourceTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CsvDataSource Protocol() => new(
        TestFiles.Fixture("protocol/interactions.csv"),
        TestFiles.Fixture("protocol/posts.csv"),
        TestFiles.Fixture("protocol/users.csv"));

    [Fact]
    public async Task ReadEngagementsAsync_Since_KeepsOnlyLaterRows()
    {
        var ct = TestContext.Current.CancellationToken;
        var all = await Protocol().ReadEngagementsAsync(cancellationToken: ct).ToListAsync(ct);
        var later = await Protocol().ReadEngagementsAsync(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), ct).ToListAsync(ct);

        Assert.Equal(4, all.Count);
        Assert.Equal([("u2", "p1")], later.Select(e => (e.UserId, e.PostId)));
    }

    [Fact]
    public async Task ReadPostsAsync_CreatedSince_IsInclusive()
    {
        var ct = TestContext.Current.CancellationToken;
        var posts = await Protocol().ReadPostsAsync(DateTimeOffset.FromUnixTimeSeconds(1_699_948_800), ct).ToListAsync(ct);

        Assert.Equal(["p1", "p2"], posts.Select(p => p.Id));
    }

    [Fact]
    public async Task ReadPostsAsync_MovieLensMovies_LoadsTagsCsvAsynchronously()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = new CsvDataSource(TestFiles.Fixture("ml-latest/ratings.csv"), TestFiles.Fixture("ml-latest/movies.csv"));
        var posts = await source.ReadPostsAsync(cancellationToken: ct).ToListAsync(ct);

        Assert.Contains("pixar", posts[0].Tags);
    }

    [Fact]
    public async Task ReadUsersAndFollows_ReadTheUsersFileAndNoFollows()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = Protocol();

        Assert.Equal(["u1", "u2"], (await source.ReadUsersAsync(ct).ToListAsync(ct)).Select(u => u.Id));
        Assert.Empty(await source.ReadFollowsAsync(ct).ToListAsync(ct));
    }

    [Fact]
    public async Task OptionalFilesAbsent_ReadAsEmpty()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = new CsvDataSource(TestFiles.Fixture("protocol/interactions.csv"));

        Assert.Empty(await source.ReadPostsAsync(cancellationToken: ct).ToListAsync(ct));
        Assert.Empty(await source.ReadUsersAsync(ct).ToListAsync(ct));
        Assert.Empty(await source.FindPostsAsync(["p1"], ct));
    }

    [Fact]
    public async Task FindPostsAsync_ReturnsKnownIdsOnly()
    {
        var found = await Protocol().FindPostsAsync(["p3", "nope", "p1"], TestContext.Current.CancellationToken);

        Assert.Equal(["p1", "p3"], found.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadEngagementsAsync_MalformedLine_ThrowsDataFileException()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _dir.Write("bad.csv", "user_id,post_id,timestamp\nu1,p1,never\n");

        var e = await Assert.ThrowsAsync<DataFileException>(async () => await new CsvDataSource(path).ReadEngagementsAsync(cancellationToken: ct).ToListAsync(ct));
        Assert.Equal((path, 2L), (e.FilePath, e.LineNumber));
    }

    [Fact]
    public async Task ReadEngagementsAsync_MissingFile_ThrowsFileNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = new CsvDataSource(Path.Combine(_dir.Path, "missing.csv"));

        await Assert.ThrowsAsync<FileNotFoundException>(async () => await source.ReadEngagementsAsync(cancellationToken: ct).ToListAsync(ct));
    }

    [Fact]
    public async Task ReadEngagementsAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Protocol().ReadEngagementsAsync(cancellationToken: cts.Token).ToListAsync(cts.Token));
    }

    [Fact]
    public async Task InteractionMatrix_LoadAsync_ReadsTheSource()
    {
        var matrix = await InteractionMatrix.LoadAsync(Protocol(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, matrix.Users.Count);
        Assert.Equal(3, matrix.Posts.Count);
    }

    [Fact]
    public void Constructor_EmptyPaths_Throw()
    {
        Assert.Throws<ArgumentException>(() => new CsvDataSource(""));
        Assert.Throws<ArgumentException>(() => new CsvDataSource("i.csv", postsPath: ""));
        Assert.Throws<ArgumentException>(() => new CsvDataSource("i.csv", usersPath: ""));
    }
}
