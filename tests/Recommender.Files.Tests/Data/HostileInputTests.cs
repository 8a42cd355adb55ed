using System.Diagnostics;
using System.Text;
using Recommender.Data;

namespace Recommender.Files.Tests.Data;

/// <summary>
/// Input built to hurt the readers: an unclosed quote in a large file, a huge header line, huge field values,
/// invalid UTF-8 in ids, duplicate header columns. Each gets a prompt, bounded, one-line <see cref="DataFileException"/>.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Header = "user_id,post_id,timestamp,kind,weight\n";
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string TenMegabytes(string header, string secondLine)
    {
        var text = new StringBuilder(10_100_000).Append(header).Append(secondLine);
        while (text.Length < 10_000_000)
        {
            text.Append("u1,p1,1700000000,view,1\n");
        }

        return text.ToString();
    }

    private static void AssertOneLine(DataFileException e)
    {
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.True(e.Message.Length < 400, $"The message is {e.Message.Length} characters long.");
    }

    [Fact]
    public async Task ReadEngagementsAsync_UnclosedQuoteOnLine2Of10MegabyteFile_FailsPromptlyNamingLine2()
    {
        // The hand-written reader rescanned the growing record once per line: about 1.5 hours for 10 MB. The generous
        // bound (the target is 2 s) cancels a slow reader, which then fails the test with OperationCanceledException.
        var path = _dir.Write("i.csv", TenMegabytes(Header, "\"u1,p1,1700000000,view,1\n"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DataFileException>(async () => await new CsvDataSource(path).ReadEngagementsAsync(cancellationToken: timeout.Token).ToListAsync(timeout.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal((path, 2L), (e.FilePath, e.LineNumber));
        Assert.Contains("column 1 (user_id)", e.Message, StringComparison.Ordinal);
        Assert.Contains("quote", e.Message, StringComparison.Ordinal);
        AssertOneLine(e);
    }

    [Fact]
    public async Task ReadEngagements_UnclosedQuoteOnLine2Of10MegabyteFile_FailsSynchronouslyToo()
    {
        var path = _dir.Write("i.csv", TenMegabytes(Header, "u1,\"p1,1700000000,view,1\n"));
        var read = Task.Run(() => Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(path).Count()), TestContext.Current.CancellationToken);

        var e = await read.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, e.LineNumber);
        Assert.Contains("column 2 (post_id)", e.Message, StringComparison.Ordinal);
        AssertOneLine(e);
    }

    [Fact]
    public void ReadEngagements_TenMegabyteHeaderLine_GivesAShortErrorNamingLine1()
    {
        var path = _dir.Write("i.csv", new string('h', 10_000_000) + "\nu1,p1\n");

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(path).ToList());

        Assert.Equal(1, e.LineNumber);
        Assert.Contains($"longer than {DataFiles.MaxRecordLength:N0} characters", e.Message, StringComparison.Ordinal);
        AssertOneLine(e);
    }

    [Fact]
    public void ReadEngagements_HeaderWithManyLongUnknownNames_CapsTheColumnListInTheError()
    {
        var names = string.Join(',', Enumerable.Range(0, 200).Select(i => new string('c', 1000) + i));
        var path = _dir.Write("i.csv", names + "\nu1\n");

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(path).ToList());

        Assert.Contains("the header has no 'user_id' column (found: ", e.Message, StringComparison.Ordinal);
        Assert.Contains('…', e.Message);
        AssertOneLine(e);
    }

    [Fact]
    public void ReadEngagements_HugeUnparsableTimestamp_QuotesAtMost80Characters()
    {
        var path = _dir.Write("i.csv", "user_id,post_id,timestamp\nu1,p1," + new string('x', 500_000) + "\n");

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(path).ToList());

        Assert.Equal(2, e.LineNumber);
        Assert.Contains($"timestamp '{new string('x', 80)}…' is not a timestamp", e.Message, StringComparison.Ordinal);
        AssertOneLine(e);
    }

    [Fact]
    public void ReadPosts_TextJustUnderTheRecordBound_IsRead()
    {
        var text = new string('t', DataFiles.MaxRecordLength - 100);
        var path = _dir.Write("posts.csv", $"post_id,text\np1,\"{text}\"\np2,short\n");

        var posts = DataFiles.ReadPosts(path).ToList();

        Assert.Equal(text, posts[0].Text);
        Assert.Equal("short", posts[1].Text);
    }

    [Fact]
    public void ReadPosts_RecordOverTheBound_FailsNamingItsLine()
    {
        var path = _dir.Write("posts.csv", $"post_id,text\np1,x\np2,\"{new string('t', DataFiles.MaxRecordLength + 10)}\"\n");

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadPosts(path).ToList());

        Assert.Equal(3, e.LineNumber);
        AssertOneLine(e);
    }

    [Fact]
    public void ReadEngagements_IdsDifferingOnlyInInvalidUtf8_AreRejectedNotMerged()
    {
        // "u\xFF" and "u\xFE" both decode to "u\uFFFD": read as they were, two users would become one.
        var path = Path.Combine(_dir.Path, "i.csv");
        File.WriteAllBytes(path, [.. "user_id,post_id\nu1,p1\n"u8, .. "u"u8, 0xFF, .. ",p1\n"u8, .. "u"u8, 0xFE, .. ",p1\n"u8]);

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(path).ToList());

        Assert.Equal((path, 3L), (e.FilePath, e.LineNumber));
        Assert.Contains("user_id", e.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPosts_InvalidUtf8InThePostId_IsRejected()
    {
        var path = Path.Combine(_dir.Path, "posts.csv");
        File.WriteAllBytes(path, [.. "post_id,text\np"u8, 0xC3, .. ",caf\xE9\n"u8]);

        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadPosts(path).ToList());

        Assert.Equal(2, e.LineNumber);
        Assert.Contains("post_id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEngagements_IdsDifferingOnlyInTheirLineBreak_AreRejectedNotMerged()
    {
        // Line breaks inside quoted fields read as "\n", so "u\r\n1" and "u\n1" would become one user.
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(_dir.Write("i.csv", "user_id,post_id\n\"u\r\n1\",p1\n\"u\n1\",p1\n")).ToList());

        Assert.Equal(2, e.LineNumber);
        Assert.Contains("user_id 'u\\n1' holds a line break", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteEngagements_IdHoldingALineBreak_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => DataFiles.WriteEngagements(Path.Combine(_dir.Path, "i.csv"), [new Engagement("u1", "p\r1", EngagementKind.View, DateTimeOffset.UnixEpoch)]));

        Assert.Contains("line break", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPosts_InvalidUtf8InText_IsReplacedNotRejected()
    {
        var path = Path.Combine(_dir.Path, "posts.csv");
        File.WriteAllBytes(path, [.. "post_id,text\np1,caf"u8, 0xE9, .. "\n"u8]);

        Assert.Equal("caf\uFFFD", DataFiles.ReadPosts(path).Single().Text);
    }

    [Fact]
    public void ReadEngagements_DuplicateHeaderColumn_ThrowsNamingColumnAndFile()
    {
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadEngagements(_dir.Write("i.csv", "user_id,post_id,User_Id\nu1,p1,u2\n")).ToList());

        Assert.Equal(1, e.LineNumber);
        Assert.StartsWith(Path.Combine(_dir.Path, "i.csv") + ":1: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'User_Id'", e.Message, StringComparison.Ordinal);
        Assert.Contains("columns 1 and 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadUsers_DuplicateHeaderColumn_Throws()
    {
        var e = Assert.Throws<DataFileException>(() => DataFiles.ReadUsers(_dir.Write("users.csv", "user_id,created_at,created_at\nu1,1,2\n")).ToList());

        Assert.Contains("'created_at'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEngagements_EmptyHeaderNamesRepeated_AreNotDuplicates()
    {
        var rows = DataFiles.ReadEngagements(_dir.Write("i.csv", "user_id,post_id,,\nu1,p1,,\n")).ToList();

        Assert.Equal("p1", rows.Single().PostId);
    }
}
