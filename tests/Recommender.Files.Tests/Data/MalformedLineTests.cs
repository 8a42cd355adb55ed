using Recommender.Data;

namespace Recommender.Files.Tests.Data;

/// <summary>Every malformed line throws a <see cref="DataFileException"/> naming the file and the 1-based line.</summary>
public sealed class MalformedLineTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DataFileException Engagements(string name, string content, out string path)
    {
        var file = _dir.Write(name, content);
        path = file;
        return Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(file).ToList());
    }

    private static void AssertNames(DataFileException e, string path, long line, string problem)
    {
        Assert.Equal(path, e.FilePath);
        Assert.Equal(line, e.LineNumber);
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void TooFewFields_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id,timestamp\nu1,p1,1\nu2,p2\n", out var path);
        AssertNames(e, path, 3, "too few fields: expected 3, found 2");
    }

    [Fact]
    public void TooManyFields_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id\nu1,p1,extra\n", out var path);
        AssertNames(e, path, 2, "too many fields");
    }

    [Fact]
    public void UnparsableTimestamp_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id,timestamp\n\nu1,p1,yesterday\n", out var path);
        AssertNames(e, path, 3, "timestamp 'yesterday' is not a timestamp");
    }

    [Fact]
    public void UnparsableWeight_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id,weight\nu1,p1,heavy\n", out var path);
        AssertNames(e, path, 2, "weight 'heavy' is not a finite number");
    }

    [Fact]
    public void NonFiniteWeight_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id,weight\nu1,p1,NaN\n", out var path);
        AssertNames(e, path, 2, "weight 'NaN' is not a finite number");
    }

    [Fact]
    public void UnparsableRating_NamesFileAndLine()
    {
        var e = Engagements("ratings.csv", "userId,movieId,rating,timestamp\n1,2,four,964982703\n", out var path);
        AssertNames(e, path, 2, "rating 'four' is not a finite number");
    }

    [Fact]
    public void UnknownKind_NamesFileAndLineAndTheKnownKinds()
    {
        var e = Engagements("i.csv", "user_id,post_id,kind\nu1,p1,like\nu1,p2,poke\n", out var path);
        AssertNames(e, path, 3, "unknown kind 'poke' (known: view, click, like");
    }

    [Fact]
    public void NumericKind_IsUnknown()
    {
        var e = Engagements("i.csv", "user_id,post_id,kind\nu1,p1,2\n", out var path);
        AssertNames(e, path, 2, "unknown kind '2'");
    }

    [Fact]
    public void EmptyUserId_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id\n,p1\n", out var path);
        AssertNames(e, path, 2, "empty user_id");
    }

    [Fact]
    public void BlankPostId_NamesFileAndLine()
    {
        var e = Engagements("i.csv", "user_id,post_id\nu1,p1\nu1,\"  \"\n", out var path);
        AssertNames(e, path, 3, "empty post_id");
    }

    [Fact]
    public void MissingRequiredColumn_NamesLineOne()
    {
        var e = Engagements("i.csv", "user,item_x\nu1,p1\n", out var path);
        AssertNames(e, path, 1, "the header has no 'post_id' column (found: user, item_x)");
    }

    [Fact]
    public void EmptyFile_NamesLineOne()
    {
        var e = Engagements("i.csv", "", out var path);
        AssertNames(e, path, 1, "the file is empty");
    }

    [Fact]
    public void MovieLensRatingsWithTooFewFields_NamesFileAndLine()
    {
        var e = Engagements("u.data", "1\t2\t3\t4\n1\t2\t3\n", out var path);
        AssertNames(e, path, 2, "too few fields: expected 4, found 3");
    }

    [Fact]
    public void MovieLensRatingsWithBadTimestamp_NamesFileAndLine()
    {
        var e = Engagements("ratings.dat", "1::2::3::soon\n", out var path);
        AssertNames(e, path, 1, "timestamp 'soon'");
    }

    [Fact]
    public void BadGenreFlag_NamesFileAndLine()
    {
        var path = _dir.Write("u.item", "1|Toy Story (1995)|01-Jan-1995||url|" + string.Join('|', Enumerable.Repeat("0", 18)) + "|x\n");
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadPosts(path).ToList());
        AssertNames(e, path, 1, "genre flag 19 ('western') is 'x'");
    }

    [Fact]
    public void PostWithBadCreationTime_LineCountsAMultiLineRecordBefore()
    {
        var path = _dir.Write("posts.csv", "post_id,text,created_at\np1,\"two\nlines\",1\np2,x,later\n");
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadPosts(path).ToList());
        AssertNames(e, path, 4, "created_at 'later' is not a timestamp");
    }

    [Fact]
    public void UserWithEmptyId_NamesFileAndLine()
    {
        var path = _dir.Write("users.csv", "user_id,created_at\n,1\n");
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadUsers(path).ToList());
        AssertNames(e, path, 2, "empty user_id");
    }

    [Fact]
    public void RowsBeforeTheBadLine_AreStreamedFirst()
    {
        var path = _dir.Write("i.csv", "user_id,post_id,kind\nu1,p1,view\nu1,p2,view\nu1,p3,poke\n");
        var read = new List<Engagement>();

        Assert.Throws<DataFileException>(() =>
        {
            foreach (var e in DataFiles.ReadEngagements(path))
            {
                read.Add(e);
            }
        });
        Assert.Equal(["p1", "p2"], read.Select(e => e.PostId));
    }
}
