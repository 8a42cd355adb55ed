namespace Recommender.Data;

/// <summary>
/// Hands a text over with every line end as "\n" ("\r\n" and a lone "\r" become "\n"), in one pass over each chunk
/// read. Sylvan.Data.Csv guesses the line-end style from the first '\r' or '\n' it meets, even inside quotes, and a
/// wrong guess ("\r" alone, from a quoted field) makes it hand the '\n' of later "\r\n" ends over as data; with one
/// style only it never guesses wrong, and a record's lines are the '\n's in it. Line breaks inside quoted fields read
/// as "\n" too, as the hand-written reader before it read them.
/// </summary>
internal sealed class NewLineNormalizingReader(TextReader inner) : TextReader
{
    /// <summary>The last chunk ended with a '\r' (handed over as '\n'): a '\n' starting the next chunk is its pair.</summary>
    private bool _pendingCarriageReturn;

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            var read = inner.Read(buffer);
            if (read == 0)
            {
                return 0;
            }

            if (Normalize(buffer[..read]) is var normalized and > 0)
            {
                return normalized;
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            if (Normalize(buffer.Span[..read]) is var normalized and > 0)
            {
                return normalized;
            }
        }
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() => -1;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Rewrites the chunk in place; returns its new length (0 when it was only the '\n' of a split "\r\n").</summary>
    private int Normalize(Span<char> text)
    {
        var read = 0;
        if (_pendingCarriageReturn)
        {
            _pendingCarriageReturn = false;
            if (text[0] == '\n')
            {
                read = 1;
            }
        }

        var at = text[read..].IndexOf('\r');
        if (at < 0)
        {
            if (read > 0)
            {
                text[read..].CopyTo(text);
            }

            return text.Length - read;
        }

        var written = 0;
        while (at >= 0)
        {
            text.Slice(read, at).CopyTo(text[written..]);
            written += at;
            read += at + 1;
            text[written++] = '\n';
            if (read == text.Length)
            {
                _pendingCarriageReturn = true;
                break;
            }

            if (text[read] == '\n')
            {
                read++;
            }

            at = text[read..].IndexOf('\r');
        }

        var rest = text[read..];
        rest.CopyTo(text[written..]);
        return written + rest.Length;
    }
}
