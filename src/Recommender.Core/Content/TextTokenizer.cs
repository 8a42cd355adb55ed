using System.Collections.Frozen;

namespace Recommender.Content;

/// <summary>
/// The content model's text and tag normalisation, shared by training and scoring so that both see the same
/// terms. Text: the first <c>maxTextLength</c> characters, split on every character that is not a letter or digit,
/// lower-cased (invariant culture); tokens shorter than the minimum, longer than
/// <see cref="ContentDefaults.MaxTokenLength"/>, made only of digits, or English stop words are dropped.
/// Tags: trimmed, leading '#' removed, lower-cased; empty tags and tags longer than
/// <see cref="ContentDefaults.MaxTagLength"/> are dropped.
/// </summary>
internal static class TextTokenizer
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "but",
        "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "my", "no", "not", "of", "on",
        "one", "only", "or", "our", "out", "she", "so", "some", "than", "that", "the", "their", "them", "then",
        "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "was", "we", "were", "what",
        "when", "where", "which", "who", "why", "will", "with", "would", "you", "your");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopLookup =
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsStopWord(ReadOnlySpan<char> token) => StopLookup.Contains(token);

    /// <summary>Normalises a tag into <paramref name="destination"/> (at least MaxTagLength long); returns its length, 0 to drop it.</summary>
    public static int NormalizeTag(ReadOnlySpan<char> tag, Span<char> destination)
    {
        tag = tag.Trim().TrimStart('#').Trim();
        if (tag.IsEmpty || tag.Length > ContentDefaults.MaxTagLength)
        {
            return 0;
        }

        return tag.ToLowerInvariant(destination);
    }

    /// <summary>The normalised tag as a string, or null to drop it.</summary>
    public static string? NormalizeTag(string? tag)
    {
        if (tag is null)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[ContentDefaults.MaxTagLength];
        var length = NormalizeTag(tag, buffer);
        return length == 0 ? null : new string(buffer[..length]);
    }

    /// <summary>The number of maximal runs of letters and digits (every word, before any filtering).</summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord)
            {
                count++;
            }

            inWord = letter;
        }

        return count;
    }
}

/// <summary>Enumerates the kept tokens of a text, lower-cased into a caller-provided buffer; allocation-free.</summary>
internal ref struct TokenEnumerator
{
    private readonly ReadOnlySpan<char> _text;
    private readonly Span<char> _buffer;
    private readonly int _minLength;
    private int _position;
    private int _length;

    /// <param name="text">The text (already truncated to the maximum length).</param>
    /// <param name="buffer">At least <see cref="ContentDefaults.MaxTokenLength"/> characters.</param>
    /// <param name="minLength">The shortest token kept.</param>
    public TokenEnumerator(ReadOnlySpan<char> text, Span<char> buffer, int minLength)
    {
        _text = text;
        _buffer = buffer;
        _minLength = minLength;
        _position = 0;
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Current => _buffer[.._length];

    public bool MoveNext()
    {
        var text = _text;
        while (_position < text.Length)
        {
            while (_position < text.Length && !char.IsLetterOrDigit(text[_position]))
            {
                _position++;
            }

            var start = _position;
            var hasLetter = false;
            while (_position < text.Length && char.IsLetterOrDigit(text[_position]))
            {
                hasLetter |= !char.IsAsciiDigit(text[_position]);
                _position++;
            }

            var length = _position - start;
            if (length < _minLength || length > ContentDefaults.MaxTokenLength || !hasLetter)
            {
                continue;
            }

            _length = text.Slice(start, length).ToLowerInvariant(_buffer);
            if (!TextTokenizer.IsStopWord(Current))
            {
                return true;
            }
        }

        return false;
    }
}
