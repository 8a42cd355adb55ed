using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// The trained terms (family, value, IDF) and how a post becomes a vector over them. Lookups by span, so that
/// vectorising a post at ranking time allocates nothing. Immutable.
/// </summary>
internal sealed class ContentVocabulary
{
    private readonly ContentTermKind[] _kinds;
    private readonly string[] _values;
    private readonly float[] _idf;
    private readonly float[] _baseWeights;
    private readonly Dictionary<string, int> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _authors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _tagLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;

    /// <exception cref="ArgumentException">A kind is undefined, a value empty or repeated, an IDF not positive.</exception>
    public ContentVocabulary(ContentTermKind[] kinds, string[] values, float[] idf, ContentOptions options)
    {
        if (kinds.Length != values.Length || kinds.Length != idf.Length)
        {
            throw new ArgumentException("kinds, values and idf must have the same length.", nameof(idf));
        }

        _kinds = kinds;
        _values = values;
        _idf = idf;
        TagWeight = options.TagWeight;
        AuthorWeight = options.AuthorWeight;
        TextWeight = options.TextWeight;
        MinTokenLength = options.MinTokenLength;
        MaxTextLength = options.MaxTextLength;
        _baseWeights = new float[kinds.Length];
        for (var t = 0; t < kinds.Length; t++)
        {
            var map = kinds[t] switch
            {
                ContentTermKind.Tag => _tags,
                ContentTermKind.Author => _authors,
                ContentTermKind.Text => _words,
                _ => throw new ArgumentException($"Term {t} has an undefined kind {(int)kinds[t]}.", nameof(kinds)),
            };

            if (string.IsNullOrEmpty(values[t]) || !map.TryAdd(values[t], t))
            {
                throw new ArgumentException($"Term {t} is empty or repeated.", nameof(values));
            }

            if (!float.IsFinite(idf[t]) || idf[t] <= 0f)
            {
                throw new ArgumentException($"Term {t} has an invalid IDF {idf[t]}.", nameof(idf));
            }

            _baseWeights[t] = FamilyWeight(kinds[t]) * idf[t];
        }

        _tagLookup = _tags.GetAlternateLookup<ReadOnlySpan<char>>();
        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _kinds.Length;

    public float TagWeight { get; }

    public float AuthorWeight { get; }

    public float TextWeight { get; }

    public int MinTokenLength { get; }

    public int MaxTextLength { get; }

    public ReadOnlySpan<ContentTermKind> Kinds => _kinds;

    public ReadOnlySpan<string> Values => _values;

    public ReadOnlySpan<float> Idf => _idf;

    public static string TermName(ContentTermKind kind, string value) => kind switch
    {
        ContentTermKind.Tag => "tag:" + value,
        ContentTermKind.Author => "author:" + value,
        _ => value,
    };

    public string TermName(int term) => TermName(_kinds[term], _values[term]);

    /// <summary>The id of a term written as <see cref="TermName(int)"/>, or -1.</summary>
    public int Find(string term)
    {
        if (term.StartsWith("tag:", StringComparison.Ordinal))
        {
            return _tags.TryGetValue(term[4..], out var t) ? t : -1;
        }

        if (term.StartsWith("author:", StringComparison.Ordinal))
        {
            return _authors.TryGetValue(term[7..], out var a) ? a : -1;
        }

        return _words.TryGetValue(term, out var w) ? w : -1;
    }

    public float FamilyWeight(ContentTermKind kind) => kind switch
    {
        ContentTermKind.Tag => TagWeight,
        ContentTermKind.Author => AuthorWeight,
        _ => TextWeight,
    };

    /// <summary>An upper bound on the number of term occurrences <see cref="CollectTerms"/> can write for a post.</summary>
    public int MaxOccurrences(Post post)
    {
        var bound = post.Tags.Count + 1;
        if (TextWeight > 0f && post.Text is { } text)
        {
            bound += (Math.Min(text.Length, MaxTextLength) / (MinTokenLength + 1)) + 1;
        }

        return bound;
    }

    /// <summary>
    /// Writes the vocabulary ids of a post's terms (tags, author, text tokens; repeated as they occur, unknown terms
    /// left out) into <paramref name="ids"/>, which holds at least <see cref="MaxOccurrences"/>; returns the count.
    /// </summary>
    public int CollectTerms(Post post, Span<int> ids)
    {
        var n = 0;
        Span<char> buffer = stackalloc char[Math.Max(ContentDefaults.MaxTagLength, ContentDefaults.MaxTokenLength)];
        if (TagWeight > 0f && _tags.Count > 0)
        {
            var tags = post.Tags;
            for (var i = 0; i < tags.Count; i++)
            {
                var tag = tags[i];
                if (tag is null)
                {
                    continue;
                }

                var length = TextTokenizer.NormalizeTag(tag, buffer);
                if (length > 0 && _tagLookup.TryGetValue(buffer[..length], out var id))
                {
                    ids[n++] = id;
                }
            }
        }

        if (AuthorWeight > 0f && post.AuthorId is { Length: > 0 } author && _authors.TryGetValue(author, out var authorId))
        {
            ids[n++] = authorId;
        }

        if (TextWeight > 0f && _words.Count > 0 && post.Text is { } text)
        {
            var tokens = new TokenEnumerator(text.AsSpan(0, Math.Min(text.Length, MaxTextLength)), buffer, MinTokenLength);
            while (tokens.MoveNext())
            {
                if (_wordLookup.TryGetValue(tokens.Current, out var id))
                {
                    ids[n++] = id;
                }
            }
        }

        return n;
    }

    /// <summary>
    /// Turns sorted term occurrences (repeats allowed) into unique ids and TF-IDF weights, in place: a tag or author
    /// counts once; a text token occurring c times weighs <c>1 + ln c</c>; each is multiplied by its family weight and
    /// IDF. Returns the number of unique terms; <paramref name="ids"/>[..count] stay ascending. Not normalised.
    /// </summary>
    public int Weigh(Span<int> ids, Span<float> weights)
    {
        var count = 0;
        var i = 0;
        while (i < ids.Length)
        {
            var id = ids[i];
            var j = i + 1;
            while (j < ids.Length && ids[j] == id)
            {
                j++;
            }

            var tf = _kinds[id] == ContentTermKind.Text ? 1f + MathF.Log(j - i) : 1f;
            ids[count] = id;
            weights[count] = _baseWeights[id] * tf;
            count++;
            i = j;
        }

        return count;
    }

    /// <summary>Divides weights by their Euclidean norm (all-zero stays zero); returns the norm.</summary>
    public static float Normalize(Span<float> weights)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(weights);
        if (norm > 0f)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(weights, norm, weights);
        }

        return norm;
    }
}
