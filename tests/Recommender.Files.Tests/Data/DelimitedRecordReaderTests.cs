using Recommender.Data;

namespace Recommender.Files.Tests.Data;

public class DelimitedRecordReaderTests
{
    /// <summary>Reads every record of the text as a file of that name (the name decides the format).</summary>
    private static List<(long Line, string[] Fields)> ReadAll(string text, string name = "t.csv")
    {
        using var reader = DataFileFormats.Create(new StringReader(text), name, DataFileFormats.Detect(name));
        var records = new List<(long, string[])>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader[i].ToString();
            }

            records.Add((reader.LineNumber, fields));
        }

        return records;
    }

    [Fact]
    public void Read_QuotedFields_HoldSeparatorsDoubledQuotesAndLineBreaks()
    {
        var records = ReadAll("a,\"b, c\",\"say \"\"hi\"\"\"\n\"x\ny\",,\"\"\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b, c", "say \"hi\""], records[0].Fields);
        Assert.Equal(["x\ny", "", ""], records[1].Fields);
    }

    [Fact]
    public void Read_LineNumbers_CountBlankLinesAndRecordsSpanningLines()
    {
        var records = ReadAll("h\n\n\"multi\nline\"\n\nlast\n");

        Assert.Equal([1L, 3L, 6L], records.Select(r => r.Line));
    }

    [Fact]
    public void Read_TrailingSeparator_GivesEmptyLastField()
    {
        var records = ReadAll("a,b,\n\"q\",\n");

        Assert.Equal(["a", "b", ""], records[0].Fields);
        Assert.Equal(["q", ""], records[1].Fields);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_IsLiteral()
    {
        Assert.Equal(["5\" floppy", "x"], ReadAll("5\" floppy,x\n")[0].Fields);
    }

    [Fact]
    public void Read_MultiCharacterSeparatorWithoutQuoting_Splits()
    {
        Assert.Equal(["1", "Toy \"Story\"", "a|b"], ReadAll("1::Toy \"Story\"::a|b\n", "t.dat")[0].Fields);
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsNamingTheRecordsFirstLine()
    {
        var e = Assert.Throws<DataFileException>(() => ReadAll("a\n\"open,\nstill open\n"));

        Assert.Equal("t.csv", e.FilePath);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("not closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_Throws()
    {
        var e = Assert.Throws<DataFileException>(() => ReadAll("\"a\"b,c\n"));

        Assert.Equal(1, e.LineNumber);
        Assert.StartsWith("t.csv:1: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CrLfLineEnds_EndRecordsAndCountLinesInsideQuotedFieldsWhichReadThemAsNewLines()
    {
        var records = ReadAll("a,b\r\n\"x\r\ny\rz\",z\r\n\r\nlast,1\r\n");

        Assert.Equal([1L, 2L, 6L], records.Select(r => r.Line));
        Assert.Equal(["x\ny\nz", "z"], records[1].Fields);
        Assert.Equal(["last", "1"], records[2].Fields);
    }

    [Theory]
    [InlineData("t.csv", ",")]
    [InlineData("u.data", "\t")]
    [InlineData("ratings.dat", "::")]
    public void Read_AnyLineEndStyleAndNoFinalLineEnd_GiveTheSameRecords(string name, string separator)
    {
        var records = ReadAll(string.Join(separator, "1", "2") + "\r\n3" + separator + "4\r5" + separator + "6\n \n7" + separator + "8", name);

        Assert.Equal([1L, 2L, 3L, 5L], records.Select(r => r.Line));
        Assert.Equal([["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void Read_MovieLensLinesAcrossBufferRefills_AreSplitLikeStringSplit()
    {
        var random = new Random(5);
        var lines = Enumerable.Range(0, 3000).Select(i => string.Join("::", i, new string('x', random.Next(0, 200)), random.Next())).ToList();

        var records = ReadAll(string.Join("\r\n", lines), "t.dat");

        Assert.Equal(lines.Select(l => l.Split("::")), records.Select(r => r.Fields));
        Assert.Equal(3000L, records[^1].Line);
    }

    [Fact]
    public void Read_MovieLensLineOverTheBound_ThrowsNamingItsLine()
    {
        var e = Assert.Throws<DataFileException>(() => ReadAll("1\t2\n" + new string('9', DataFiles.MaxRecordLength + 1) + "\n3\t4\n", "u.data"));

        Assert.Equal(2, e.LineNumber);
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MovieLensLineAtTheBound_IsRead()
    {
        var line = new string('9', DataFiles.MaxRecordLength);

        Assert.Equal(line, ReadAll("1\r\n" + line + "\r\n", "u.data")[1].Fields[0]);
    }

    [Fact]
    public void Read_LineStartingWithSylvansCommentCharacter_ThrowsInsteadOfSkipping()
    {
        var e = Assert.Throws<DataFileException>(() => ReadAll("a,b\n\uDC00c,d\n"));

        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public async Task ReadAsync_GivesTheSameRecordsAsRead()
    {
        const string Text = "h,i\n\"a\nb\",c\n\nd,\"\"\"e\"\"\"\n";
        using var reader = DataFileFormats.Create(new StringReader(Text), "t.csv", DataFileFormat.Csv);
        var records = new List<(long, string[])>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            records.Add((reader.LineNumber, [reader[0].ToString(), reader[1].ToString()]));
        }

        Assert.Equal(ReadAll(Text).Select(r => (r.Line, r.Fields)), records);
    }

    [Fact]
    public void Read_FirstLineBreakIsALoneCarriageReturnInsideQuotes_LaterCrLfEndsStayLineEnds()
    {
        // Sylvan alone takes that '\r' for the file's line-end style, then reads the '\n' of each later "\r\n" as the
        // first character of the next record (seen: "\nabcdefghij" as a user id).
        var records = ReadAll("\"a\rb\",c\r\n" + string.Concat(Enumerable.Repeat("abcdefghij,klmnopqrstuvwxyz,0123456789\r\n", 3)));

        Assert.Equal(["a\nb", "c"], records[0].Fields);
        Assert.All(records.Skip(1), r => Assert.Equal(["abcdefghij", "klmnopqrstuvwxyz", "0123456789"], r.Fields));
        Assert.Equal([1L, 3L, 4L, 5L], records.Select(r => r.Line));
    }
}
