namespace Recommender.Content;

/// <summary>The documented defaults and limits of <see cref="ContentOptions"/>.</summary>
internal static class ContentDefaults
{
    /// <summary>Weight of the tag family: tags are the host's own topic labels, the strongest content signal.</summary>
    public const float TagWeight = 1f;

    /// <summary>Weight of the author family.</summary>
    public const float AuthorWeight = 0.5f;

    /// <summary>Weight of the text-token family (0 turns text off).</summary>
    public const float TextWeight = 0.5f;

    /// <summary>A text token must occur in at least 2 training posts to enter the vocabulary.</summary>
    public const int MinDocumentFrequency = 2;

    /// <summary>At most 100,000 terms (the most frequent are kept).</summary>
    public const int MaxTerms = 100_000;

    /// <summary>The largest vocabulary accepted.</summary>
    public const int MaxTermsLimit = 10_000_000;

    /// <summary>A user profile keeps its 64 strongest terms.</summary>
    public const int ProfileTerms = 64;

    /// <summary>The largest profile accepted.</summary>
    public const int MaxProfileTerms = 4096;

    /// <summary>Text tokens shorter than 3 characters are ignored.</summary>
    public const int MinTokenLength = 3;

    /// <summary>Text tokens longer than this are ignored (they are ids, hashes or URLs, not words).</summary>
    public const int MaxTokenLength = 40;

    /// <summary>Tags longer than this (after trimming) are ignored.</summary>
    public const int MaxTagLength = 100;

    /// <summary>Only the first 4,000 characters of a post's text are tokenised (bounds the cost of a new post).</summary>
    public const int MaxTextLength = 4000;
}
