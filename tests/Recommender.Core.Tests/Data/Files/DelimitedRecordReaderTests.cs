using Recommender.Data;

namespace Recommender.Core.Tests.Data.Files;

public class DelimitedRecordReaderTests
{
    private static List<(long Line, string[] Fields)> ReadAll(string text, string separator = ",", bool quoting = true)
    {
        using var reader = new DelimitedRecordReader(new StringReader(text), "t.csv", separator, quoting);
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
        Assert.Equal(["1", "Toy \"Story\"", "a|b"], ReadAll("1::Toy \"Story\"::a|b\n", "::", quoting: false)[0].Fields);
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
}
