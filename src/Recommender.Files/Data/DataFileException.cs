namespace Recommender.Data;

/// <summary>
/// A line of a data file could not be read: too few or too many fields, an empty id, a timestamp or number that
/// does not parse, an unknown engagement kind, an id that is not valid UTF-8, a missing or repeated header column, an
/// unclosed quote or a record longer than the readers' bound. The message reads
/// <c>path:line: problem</c>; <see cref="FilePath"/> and <see cref="LineNumber"/> (1-based, the line where the
/// record starts) say where. Thrown by <see cref="DataFiles"/> and <see cref="CsvDataSource"/> while streaming,
/// so the rows before the bad line have already been handed out.
/// </summary>
public sealed class DataFileException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DataFileException()
        : base("A data file is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public DataFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a line of a file.</summary>
    /// <param name="filePath">The file, as given by the caller.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="problem">What is wrong with the line.</param>
    public DataFileException(string filePath, long lineNumber, string problem)
        : base($"{filePath}:{lineNumber}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>Creates the exception for a line of a file, with the parser's exception as its cause.</summary>
    internal DataFileException(string filePath, long lineNumber, string problem, Exception innerException)
        : base($"{filePath}:{lineNumber}: {problem}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file, as the caller named it; null when not created for a file line.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based number of the line where the bad record starts; 0 when not created for a file line.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong, without the location; null when not created for a file line.</summary>
    public string? Problem { get; }
}
