namespace Recommender.Data;

/// <summary>
/// The columns of a CSV file's header row: names are matched case-insensitively, surrounding spaces ignored. A name
/// given twice (in any case) is an error, since a lookup could not tell the columns apart; empty names are ignored.
/// </summary>
internal sealed class CsvHeader
{
    /// <summary>The most characters of the column list an error message quotes.</summary>
    private const int ListExcerptLength = 200;

    private readonly string[] _names;

    /// <summary>Reads the header from the reader's current record and gives the reader the names for its errors.</summary>
    public CsvHeader(DelimitedRecordReader header)
    {
        _names = new string[header.FieldCount];
        for (var i = 0; i < _names.Length; i++)
        {
            _names[i] = header[i].Trim().ToString();
            if (_names[i].Length > 0 && Find(_names.AsSpan(0, i), _names[i]) is var first and >= 0)
            {
                throw header.Error($"the header names the column '{DataFileText.Excerpt(_names[i])}' twice (columns {first + 1} and {i + 1})");
            }
        }

        header.ColumnNames = _names;
    }

    public int Count => _names.Length;

    /// <summary>The index of the first column with one of the names, or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (Find(_names, name) is var index and >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The index of a required column; throws naming the file, line 1 and the columns found.</summary>
    public int Require(DelimitedRecordReader header, params ReadOnlySpan<string> names)
    {
        var index = Find(names);
        if (index < 0)
        {
            var found = DataFileText.Excerpt(string.Join(", ", _names), ListExcerptLength);
            throw header.Error($"the header has no '{names[0]}' column (found: {found})");
        }

        return index;
    }

    private static int Find(ReadOnlySpan<string> names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
