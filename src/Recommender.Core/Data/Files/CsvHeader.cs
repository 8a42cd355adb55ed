namespace Recommender.Data;

/// <summary>The columns of a CSV file's header row: names are matched case-insensitively, surrounding spaces ignored.</summary>
internal sealed class CsvHeader
{
    private readonly string[] _names;

    public CsvHeader(DelimitedRecordReader header)
    {
        _names = new string[header.FieldCount];
        for (var i = 0; i < _names.Length; i++)
        {
            _names[i] = header[i].Trim().ToString();
        }
    }

    public int Count => _names.Length;

    /// <summary>The index of the first column with one of the names, or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
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
            throw header.Error($"the header has no '{names[0]}' column (found: {string.Join(", ", _names)})");
        }

        return index;
    }
}
