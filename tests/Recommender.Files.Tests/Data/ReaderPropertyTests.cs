using System.Text;
using CsCheck;
using Recommender.Data;

namespace Recommender.Files.Tests.Data;

/// <summary>
/// Random files into every reader: the outcome is rows or a <see cref="DataFileException"/>, never another exception
/// and never a hang; well-formed CSV splits into exactly the records it was made of; and what
/// <see cref="DataFiles"/> writes it reads back unchanged. CsCheck prints the seed (and the shrunk input) of a failure.
/// </summary>
public sealed class ReaderPropertyTests : IDisposable
{
    private static readonly string[] FileNames = ["interactions.csv", "u.data", "ratings.dat", "u.item"];

    private static readonly string[] Headers =
    [
        "user_id,post_id,timestamp,kind,weight\n", "post_id,author_id,created_at,tags,text\r\n", "user_id,created_at\n",
        "userId,movieId,rating,timestamp\n", "movieId,title,genres\n", "user_id,user_id,post_id\n", string.Empty,
    ];

    /// <summary>What careless or hostile files are made of, as bytes: invalid UTF-8 included.</summary>
    private static readonly byte[][] Pieces =
    [
        .. new[]
        {
            ",", "\"", "\"\"", "\r\n", "\n", "\r", "\t", "|", "::", ":", " ", string.Empty, "u1", "p1", "1700000000",
            "-62135596801", "253402300800", "1.5", "1e38", "3.5e38", "1e39", "-0", "NaN", "Infinity", "-Infinity", "∞",
            "99999999999999999999999", "2024-02-29T12:00:00Z", "2024-13-45", "view", "LIKE", "poke", "(1995)", "0", "1",
            "é", "😀", "\uFFFD", "\0", "\u00A0",
        }.Select(Encoding.UTF8.GetBytes),
        [0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ];

    private static readonly Gen<byte[]> AnyFile = Gen.Select(
        Gen.Bool,
        Gen.Int[0, Headers.Length - 1],
        Gen.Frequency((4, Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i])), (1, Gen.Byte.Array[1, 3])).Array[0, 60],
        (bom, header, pieces) => (byte[])[.. bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>(), .. Encoding.UTF8.GetBytes(Headers[header]), .. pieces.SelectMany(p => p)]);

    /// <summary>Field text without surrogates split in halves (the file is UTF-8): separators, quotes and line breaks included.</summary>
    private static readonly Gen<string> FieldText =
        Gen.OneOf(Gen.Const("a"), Gen.Const("Z"), Gen.Const("7"), Gen.Const(" "), Gen.Const(","), Gen.Const("\""), Gen.Const("\r"), Gen.Const("\n"),
                Gen.Const("\t"), Gen.Const("|"), Gen.Const(":"), Gen.Const("é"), Gen.Const("漢"), Gen.Const("😀"), Gen.Const("\u00A0"))
            .Array[0, 8].Select(string.Concat);

    /// <summary>Ids: one line (the readers reject line breaks in ids, the writer too), not blank.</summary>
    private static readonly Gen<string> Id = FieldText.Where(s => !string.IsNullOrWhiteSpace(s) && s.AsSpan().IndexOfAny('\r', '\n') < 0);

    private static readonly Gen<DateTimeOffset> Timestamp = Gen.Select(
        Gen.Long[-62_135_596_800_000L, 253_402_300_799_000L], Gen.Int[0, 9_999], Gen.Int[0, 2],
        (ms, ticks, precision) => precision switch
        {
            0 => DateTimeOffset.FromUnixTimeSeconds(ms / 1000),
            1 => DateTimeOffset.FromUnixTimeMilliseconds(ms),
            _ => DateTimeOffset.FromUnixTimeMilliseconds(ms).AddTicks(ticks),
        });

    private static readonly Gen<float?> Weight = Gen.Frequency(
        (1, Gen.Const((float?)null)),
        (1, Gen.OneOf(Gen.Const(float.MaxValue), Gen.Const(-float.MaxValue), Gen.Const(float.Epsilon), Gen.Const(-0f), Gen.Const(1e38f)).Select(w => (float?)w)),
        (4, Gen.Float.Where(float.IsFinite).Select(w => (float?)w)));

    private static readonly Gen<Engagement> AnyEngagement = Gen.Select(
        Id, Id, Gen.OneOf(Enum.GetValues<EngagementKind>()), Timestamp, Weight, (u, p, k, t, w) => new Engagement(u, p, k, t, w));

    private readonly ScratchDirectory _dir = new();
    private int _samples;

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = 120_000)]
    public async Task AnyBytes_IntoEveryReaderAndFormat_GiveRowsOrDataFileException()
    {
        var ct = TestContext.Current.CancellationToken;
        await Task.Run(() => AnyFile.Sample(bytes =>
        {
            var directory = NewDirectory();
            foreach (var name in FileNames)
            {
                var path = Path.Combine(directory, name);
                File.WriteAllBytes(path, bytes);
                RowsOrDataFileException(() => DataFiles.ReadEngagements(path).Count());
                RowsOrDataFileException(() => DataFiles.ReadPosts(path).Count());
                RowsOrDataFileException(() => DataFiles.ReadUsers(path).Count());
            }

            var source = new CsvDataSource(Path.Combine(directory, FileNames[0]), Path.Combine(directory, FileNames[0]), Path.Combine(directory, FileNames[0]));
            RowsOrDataFileException(() => source.ReadEngagementsAsync(cancellationToken: ct).ToListAsync(ct).AsTask().GetAwaiter().GetResult().Count);
            RowsOrDataFileException(() => source.ReadPostsAsync(cancellationToken: ct).ToListAsync(ct).AsTask().GetAwaiter().GetResult().Count);
        }, iter: 400), ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task WellFormedCsv_SplitsIntoTheRecordsItWasMadeOf_OnTheirLines()
    {
        // A file of records, each field quoted when it must be (and sometimes when it need not), "\n" or "\r\n" line
        // ends, an optional BOM and final line end. Blank lines (one unquoted field of spaces) are skipped; lines are
        // counted as an editor counts them ("\r\n", "\r" and "\n" each end one, inside quoted fields too).
        var field = Gen.Select(FieldText, Gen.Bool, (text, quote) => (Text: text, Quoted: quote || text.AsSpan().IndexOfAny(",\"\r\n") >= 0));
        var file = Gen.Select(field.List[1, 5].List[0, 12], Gen.Bool, Gen.Bool, Gen.Bool, (records, crlf, bom, finalEnd) => (records, crlf, bom, finalEnd));
        await Task.Run(() => file.Sample((records, crlf, bom, finalEnd) =>
        {
            var text = new StringBuilder(bom ? "\uFEFF" : string.Empty);
            var expected = new List<(long Line, string[] Fields)>();
            var line = 1L;
            for (var r = 0; r < records.Count; r++)
            {
                var raw = string.Join(',', records[r].Select(f => f.Quoted ? "\"" + f.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f.Text))
                    + (r < records.Count - 1 || finalEnd ? (crlf ? "\r\n" : "\n") : string.Empty);
                text.Append(raw);
                var blank = records[r].Count == 1 && !records[r][0].Quoted && string.IsNullOrWhiteSpace(records[r][0].Text);
                if (!blank)
                {
                    expected.Add((line, [.. records[r].Select(f => OneLineEndStyle(f.Text))]));
                }

                line += raw.Count(c => c == '\r') + raw.Count(c => c == '\n') - raw.Split("\r\n").Length + 1;
            }

            using var reader = DataFileFormats.Create(
                new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), Encoding.UTF8, detectEncodingFromByteOrderMarks: true),
                "t.csv",
                DataFileFormat.Csv);
            var actual = new List<(long Line, string[] Fields)>();
            while (reader.Read())
            {
                actual.Add((reader.LineNumber, [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString())]));
            }

            Assert.Equal(expected.Select(e => e.Line), actual.Select(a => a.Line));
            Assert.Equal(expected.Select(e => e.Fields), actual.Select(a => a.Fields));
        }, iter: 5000), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task WriteEngagementsThenRead_GivesTheSameRows()
    {
        await Task.Run(() => AnyEngagement.List[0, 30].Sample(rows =>
        {
            var path = Path.Combine(NewDirectory(), "interactions.csv");
            DataFiles.WriteEngagements(path, rows);

            Assert.Equal(rows, DataFiles.ReadEngagements(path));
        }, iter: 300), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task WritePostsAndUsersThenRead_GivesTheSameRows()
    {
        var tag = FieldText.Select(t => t.Replace("|", string.Empty, StringComparison.Ordinal).Trim()).Where(t => t.Length > 0);
        var post = Gen.Select(
            Id, Gen.Frequency((1, Gen.Const((string?)null)), (3, Id.Select(a => (string?)a))), Timestamp, tag.Array[0, 4], Gen.Frequency((1, Gen.Const((string?)null)), (3, FieldText.Where(t => t.Length > 0).Select(t => (string?)t))),
            (id, author, created, tags, text) => new Post(id, author, created) { Tags = tags, Text = text });
        var user = Gen.Select(Id, Gen.Frequency((1, Gen.Const((DateTimeOffset?)null)), (3, Timestamp.Select(t => (DateTimeOffset?)t))), (id, created) => new User(id) { CreatedAt = created });
        await Task.Run(() => Gen.Select(post.List[0, 20], user.List[0, 20]).Sample((posts, users) =>
        {
            var directory = NewDirectory();
            DataFiles.WritePosts(Path.Combine(directory, "posts.csv"), posts);
            DataFiles.WriteUsers(Path.Combine(directory, "users.csv"), users);

            var read = DataFiles.ReadPosts(Path.Combine(directory, "posts.csv")).ToList();
            Assert.Equal(posts.Select(p => (p.Id, p.AuthorId, p.CreatedAt, OneLineEndStyle(p.Text))), read.Select(p => (p.Id, p.AuthorId, p.CreatedAt, p.Text)));
            Assert.Equal(posts.Select(p => p.Tags.Select(OneLineEndStyle)), read.Select(p => p.Tags));
            Assert.Equal(users, DataFiles.ReadUsers(Path.Combine(directory, "users.csv")));
        }, iter: 300), TestContext.Current.CancellationToken);
    }

    /// <summary>What the CSV reader makes of line breaks inside quoted fields: "\r\n" and "\r" read as "\n".</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? OneLineEndStyle(string? text) => text?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static void RowsOrDataFileException(Func<int> read)
    {
        try
        {
            _ = read();
        }
        catch (DataFileException e)
        {
            Assert.False(string.IsNullOrEmpty(e.FilePath));
            Assert.True(e.LineNumber >= 1);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    private string NewDirectory()
    {
        var directory = Path.Combine(_dir.Path, Interlocked.Increment(ref _samples).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
