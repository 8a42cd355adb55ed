using System.Globalization;

namespace Recommender.Data;

/// <summary>
/// The records of one data file, one at a time: <see cref="CsvRecordReader"/> for CSV (RFC 4180 quoting, through
/// Sylvan.Data.Csv) and <see cref="LineRecordReader"/> for MovieLens' unquoted one-record-per-line files. Blank
/// lines are skipped; a record longer than <see cref="DataFiles.MaxRecordLength"/> characters is an error, so memory
/// and time stay linear in the file whatever it holds. Field values are spans valid until the next field is read or
/// the next record; every problem is a <see cref="DataFileException"/> naming the file and the record's first line.
/// </summary>
internal abstract class DelimitedRecordReader : IDisposable
{
    protected DelimitedRecordReader(string filePath) => FilePath = filePath;

    /// <summary>The file's name as the caller gave it (used in error messages).</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long LineNumber { get; protected set; }

    /// <summary>The header's column names, once a header is read: errors then name a column by name too.</summary>
    public IReadOnlyList<string>? ColumnNames { get; set; }

    public abstract int FieldCount { get; }

    /// <summary>A field of the current record, unquoted and unescaped; valid until the next field or record is read.</summary>
    public abstract ReadOnlySpan<char> this[int index] { get; }

    public abstract bool Read();

    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>A <see cref="DataFileException"/> for the current record.</summary>
    public DataFileException Error(string problem) => new(FilePath, Math.Max(1, LineNumber), problem);

    /// <summary>"column 2 (post_id)": a 0-based field index as the 1-based column a reader sees, with its header name.</summary>
    public string DescribeColumn(int index)
    {
        var number = (index + 1).ToString(CultureInfo.InvariantCulture);
        return ColumnNames is { } names && (uint)index < (uint)names.Count && names[index].Length > 0
            ? $"column {number} ({DataFileText.Excerpt(names[index])})"
            : $"column {number}";
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
