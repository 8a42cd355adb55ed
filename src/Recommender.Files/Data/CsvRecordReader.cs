using System.Globalization;
using Sylvan.Data.Csv;

namespace Recommender.Data;

/// <summary>
/// CSV records through Sylvan.Data.Csv: comma-separated, RFC 4180 quoting (a quoted field may hold commas and
/// line breaks, a quote inside is written twice, a quote inside an unquoted field is literal), line ends "\n",
/// "\r\n" or "\r" (all read as "\n", inside quoted fields too: see <see cref="NewLineNormalizingReader"/>).
/// Sylvan reads each record once into a buffer that grows to <see cref="DataFiles.MaxRecordLength"/> characters and
/// no further, so an unclosed quote fails after at most that much text instead of swallowing the file.
/// </summary>
internal sealed class CsvRecordReader : DelimitedRecordReader
{
    /// <summary>
    /// Sylvan skips lines starting with its comment character. A lone low surrogate never comes out of a UTF-8
    /// decoder (invalid bytes decode to U+FFFD), so no line of a file is taken for a comment; a reader that hands
    /// one over anyway gets an error, never a silently skipped line.
    /// </summary>
    private const char NoComment = '\uDC00';

    private readonly TextReader _text;
    private CsvDataReader? _csv;
    private long _nextLine = 1;

    public CsvRecordReader(TextReader text, string filePath)
        : base(filePath) => _text = new NewLineNormalizingReader(text);

    public override int FieldCount => _csv!.RowFieldCount;

    public override ReadOnlySpan<char> this[int index] => _csv!.GetFieldSpan(index);

    public override bool Read()
    {
        try
        {
            _csv ??= CsvDataReader.Create(_text, CreateOptions());
            while (_csv.Read())
            {
                if (Accept())
                {
                    return true;
                }
            }

            return false;
        }
        catch (CsvFormatException e)
        {
            throw Translate(e);
        }
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _csv ??= await CsvDataReader.CreateAsync(_text, CreateOptions(), cancellationToken).ConfigureAwait(false);
            while (await _csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Accept())
                {
                    return true;
                }
            }

            return false;
        }
        catch (CsvFormatException e)
        {
            throw Translate(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_csv is null)
            {
                _text.Dispose();
            }
            else
            {
                _csv.Dispose();
            }
        }
    }

    private CsvDataReaderOptions CreateOptions() => new()
    {
        HasHeaders = false,
        Delimiter = ',',
        Quote = '"',
        Escape = '"',
        Comment = NoComment,
        CommentHandler = new CommentRejecter(this),
        CsvStyle = CsvStyle.Standard,
        BufferSize = 1 << 14,
        MaxBufferSize = DataFiles.MaxRecordLength,
        OwnsReader = true,
    };

    /// <summary>Counts the record's lines (the text reaches Sylvan with "\n" line ends only); false for a blank line (skipped).</summary>
    private bool Accept()
    {
        var raw = _csv!.GetRawRecordSpan();
        LineNumber = _nextLine;
        _nextLine += raw.Count('\n');
        return _csv.RowFieldCount != 1 || !raw.IsWhiteSpace();
    }

    private DataFileException Translate(CsvFormatException e)
    {
        var column = DescribeColumn(e.FieldOrdinal);
        var problem = e switch
        {
            CsvRecordTooLargeException => string.Create(
                CultureInfo.InvariantCulture,
                $"a record longer than {DataFiles.MaxRecordLength:N0} characters starts on this line (it is still open in {column}): a quote that is never closed is the usual cause"),
            CsvInvalidCharacterException { InvalidCharacter: '"' } => $"the quoted field in {column} is not closed before the end of the file",
            CsvInvalidCharacterException c => $"unexpected character '{DataFileText.Excerpt(c.InvalidCharacter)}' after the closing quote in {column} (a quote inside a quoted field is written as two)",
            _ => $"the record is not valid CSV ({column})",
        };
        return new DataFileException(FilePath, _nextLine, problem, e);
    }

    private sealed class CommentRejecter(CsvRecordReader owner) : CommentHandler
    {
        public override void HandleComment(CsvDataReader reader, string comment) =>
            throw new DataFileException(owner.FilePath, owner._nextLine, "the line starts with U+DC00, a lone surrogate no text file holds");
    }
}
