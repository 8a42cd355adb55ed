using System.Globalization;

namespace Recommender.Data;

/// <summary>
/// MovieLens' headerless files, one unquoted record per line split on a separator string: "::" (<c>*.dat</c>),
/// tab (<c>u.data</c>) and '|' (<c>u.item</c>, <c>u.user</c>). CSV libraries split on one character only, and
/// these files have no quoting (a quote is a literal character), so this small reader stays beside the CSV one.
/// Lines end at "\n", "\r\n" or "\r"; a line longer than <see cref="DataFiles.MaxRecordLength"/> characters is an
/// error, so the buffer never grows past that bound.
/// </summary>
internal sealed class LineRecordReader : DelimitedRecordReader
{
    private readonly TextReader _reader;
    private readonly string _separator;
    private readonly List<(int Start, int Length)> _fields = [];
    private char[] _buffer = new char[1 << 14];
    private int _position;
    private int _end;
    private bool _ended;
    private int _lineStart;

    public LineRecordReader(TextReader reader, string filePath, string separator)
        : base(filePath)
    {
        _reader = reader;
        _separator = separator;
    }

    public override int FieldCount => _fields.Count;

    public override ReadOnlySpan<char> this[int index] => _buffer.AsSpan(_lineStart + _fields[index].Start, _fields[index].Length);

    public override bool Read()
    {
        bool found;
        while (MustFill(out found))
        {
            Filled(_reader.Read(FreeSpace().Span));
        }

        return found;
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        bool found;
        while (MustFill(out found))
        {
            Filled(await _reader.ReadAsync(FreeSpace(), cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }

    private enum Line
    {
        Record,
        Blank,
        NeedMore,
    }

    /// <summary>Takes lines until a record (<paramref name="found"/>); true when more text must be read first.</summary>
    private bool MustFill(out bool found)
    {
        var line = TakeLine();
        while (line == Line.Blank)
        {
            line = TakeLine();
        }

        found = line == Line.Record;
        return line == Line.NeedMore && !_ended;
    }

    /// <summary>Takes the next whole line from the buffer and splits it; <see cref="Line.NeedMore"/> when it is not all read yet.</summary>
    private Line TakeLine()
    {
        var text = _buffer.AsSpan(_position, _end - _position);
        var at = text.IndexOfAny('\r', '\n');
        int length;
        int consumed;
        if (at < 0 || (text[at] == '\r' && at + 1 == text.Length && !_ended))
        {
            // No line end yet, or a '\r' whose '\n' may come with the next read.
            if (text.Length > DataFiles.MaxRecordLength)
            {
                throw TooLong();
            }

            if (!_ended || text.IsEmpty)
            {
                return Line.NeedMore;
            }

            length = consumed = text.Length;
        }
        else
        {
            length = at;
            consumed = at + (text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1);
        }

        if (length > DataFiles.MaxRecordLength)
        {
            throw TooLong();
        }

        LineNumber++;
        _lineStart = _position;
        _position += consumed;
        var line = _buffer.AsSpan(_lineStart, length);
        if (line.IsWhiteSpace())
        {
            return Line.Blank;
        }

        _fields.Clear();
        var start = 0;
        while (true)
        {
            var next = line[start..].IndexOf(_separator, StringComparison.Ordinal);
            if (next < 0)
            {
                _fields.Add((start, line.Length - start));
                return Line.Record;
            }

            _fields.Add((start, next));
            start += next + _separator.Length;
        }
    }

    /// <summary>Moves the unread text to the buffer's start, grows the buffer when that text fills it, and returns the free space.</summary>
    private Memory<char> FreeSpace()
    {
        var unread = _end - _position;
        if (_position > 0)
        {
            _buffer.AsSpan(_position, unread).CopyTo(_buffer);
            _position = 0;
            _end = unread;
        }

        if (_end == _buffer.Length)
        {
            // Room for the longest line, its "\r\n" and one character more, which tells "too long" apart.
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, DataFiles.MaxRecordLength + 3));
        }

        return _buffer.AsMemory(_end);
    }

    private void Filled(int read)
    {
        _end += read;
        _ended = read == 0;
    }

    private DataFileException TooLong() => new(
        FilePath,
        LineNumber + 1,
        string.Create(CultureInfo.InvariantCulture, $"the line is longer than {DataFiles.MaxRecordLength:N0} characters"));
}
