namespace Recommender.Data;

/// <summary>The layouts <see cref="DataFiles"/> reads, told apart by the file's name.</summary>
internal enum DataFileFormat
{
    /// <summary>Comma-separated with a header row and RFC 4180 quoting (the protocol's files, MovieLens *.csv).</summary>
    Csv,

    /// <summary>MovieLens 100K: tab-separated, no header (<c>u.data</c>, <c>u1.base</c>, <c>u1.test</c>, ...).</summary>
    MovieLensTab,

    /// <summary>MovieLens 1M/10M: <c>::</c>-separated, no header (<c>ratings.dat</c>, <c>movies.dat</c>, <c>users.dat</c>).</summary>
    MovieLensDat,

    /// <summary>MovieLens 100K: <c>|</c>-separated, no header (<c>u.item</c>, <c>u.user</c>).</summary>
    MovieLensPipe,
}

/// <summary>Chooses a <see cref="DataFileFormat"/> and opens files.</summary>
internal static class DataFileFormats
{
    public static DataFileFormat Detect(string path)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(name);
        if (extension.Equals(".dat", StringComparison.OrdinalIgnoreCase))
        {
            return DataFileFormat.MovieLensDat;
        }

        if (extension.Equals(".data", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".base", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".test", StringComparison.OrdinalIgnoreCase))
        {
            return DataFileFormat.MovieLensTab;
        }

        if (extension.Equals(".item", StringComparison.OrdinalIgnoreCase) || extension.Equals(".user", StringComparison.OrdinalIgnoreCase))
        {
            return DataFileFormat.MovieLensPipe;
        }

        return DataFileFormat.Csv;
    }

    /// <summary>Opens a record reader over a file in the given format.</summary>
    public static DelimitedRecordReader Open(string path, DataFileFormat format, bool asynchronous)
    {
        var options = FileOptions.SequentialScan | (asynchronous ? FileOptions.Asynchronous : FileOptions.None);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, options);

        // MovieLens 100K and 1M ship Latin-1 text; everything else is read as UTF-8 (a BOM is honoured).
        var encoding = format == DataFileFormat.Csv ? System.Text.Encoding.UTF8 : System.Text.Encoding.Latin1;
        return Create(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16), path, format);
    }

    public static DelimitedRecordReader Create(TextReader reader, string path, DataFileFormat format) => format switch
    {
        DataFileFormat.MovieLensTab => new LineRecordReader(reader, path, "\t"),
        DataFileFormat.MovieLensDat => new LineRecordReader(reader, path, "::"),
        DataFileFormat.MovieLensPipe => new LineRecordReader(reader, path, "|"),
        _ => new CsvRecordReader(reader, path),
    };
}
