using System.Text;

namespace Recommender.Data;

/// <summary>
/// Reads delimited records line by line from a text reader, keeping only the current record. With quoting on
/// (CSV) a field may be enclosed in double quotes, hold separators and line breaks, and write a quote as two;
/// a quote inside an unquoted field is taken literally. Blank lines are skipped. Field values are exposed as
/// spans valid until the next read.
/// </summary>
internal sealed class DelimitedRecordReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _separator;
    private readonly bool _quoting;
    private readonly List<(int Start, int Length)> _fields = [];
    private readonly StringBuilder _unescaped = new();
    private string _text = string.Empty;
    private long _linesRead;

    public DelimitedRecordReader(TextReader reader, string filePath, string separator, bool quoting)
    {
        _reader = reader;
        FilePath = filePath;
        _separator = separator;
        _quoting = quoting;
    }

    /// <summary>The file's name as the caller gave it (used in error messages).</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount => _fields.Count;

    public ReadOnlySpan<char> this[int index] => _text.AsSpan(_fields[index].Start, _fields[index].Length);

    public bool Read()
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                return false;
            }

            if (StartRecord(line))
            {
                continue;
            }

            while (!Split(line))
            {
                var next = _reader.ReadLine() ?? throw Error("a quoted field is not closed before the end of the file");
                _linesRead++;
                line = string.Concat(line, "\n", next);
            }

            return true;
        }
    }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return false;
            }

            if (StartRecord(line))
            {
                continue;
            }

            while (!Split(line))
            {
                var next = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw Error("a quoted field is not closed before the end of the file");
                _linesRead++;
                line = string.Concat(line, "\n", next);
            }

            return true;
        }
    }

    /// <summary>A <see cref="DataFileException"/> for the current record.</summary>
    public DataFileException Error(string problem) => new(FilePath, Math.Max(1, LineNumber), problem);

    public void Dispose() => _reader.Dispose();

    /// <summary>Counts the line and returns true when it is blank (to be skipped).</summary>
    private bool StartRecord(string line)
    {
        _linesRead++;
        LineNumber = _linesRead;
        return string.IsNullOrWhiteSpace(line);
    }

    /// <summary>Splits a record into fields; false when a quoted field continues on the next line.</summary>
    private bool Split(string line)
    {
        _fields.Clear();
        if (!_quoting || !line.Contains('"', StringComparison.Ordinal))
        {
            _text = line;
            var start = 0;
            while (true)
            {
                var at = line.IndexOf(_separator, start, StringComparison.Ordinal);
                if (at < 0)
                {
                    _fields.Add((start, line.Length - start));
                    return true;
                }

                _fields.Add((start, at - start));
                start = at + _separator.Length;
            }
        }

        return SplitQuoted(line);
    }

    private bool SplitQuoted(string line)
    {
        // Quoting is only used with one-character separators (CSV).
        var separator = _separator[0];
        var sb = _unescaped.Clear();
        var i = 0;
        while (true)
        {
            var start = sb.Length;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }

                    var c = line[i++];
                    if (c != '"')
                    {
                        sb.Append(c);
                    }
                    else if (i < line.Length && line[i] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (i < line.Length && line[i] != separator)
                {
                    throw Error($"unexpected character '{line[i]}' after a closing quote (a quote inside a quoted field is written as two)");
                }
            }
            else
            {
                while (i < line.Length && line[i] != separator)
                {
                    sb.Append(line[i++]);
                }
            }

            _fields.Add((start, sb.Length - start));
            if (i >= line.Length)
            {
                _text = sb.ToString();
                return true;
            }

            i++; // the separator
        }
    }
}
