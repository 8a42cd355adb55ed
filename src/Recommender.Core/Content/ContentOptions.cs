using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// Options of the content model (<see cref="ContentModelBuilder"/>, <see cref="ContentTrainer"/>). A post becomes a
/// sparse TF-IDF vector over three families of terms (tags, author, text tokens), each family scaled by its weight;
/// a user's profile is the engagement-weighted sum of the vectors of the posts they engaged with. Every option
/// documents its default; <see cref="Validate"/> lists every error at once.
/// </summary>
public sealed class ContentOptions
{
    /// <summary>Scale of tag terms (<c>tag:dotnet</c>). Default 1; finite and at least 0; 0 ignores tags.</summary>
    public float TagWeight { get; set; } = ContentDefaults.TagWeight;

    /// <summary>Scale of the author term (<c>author:alice</c>). Default 0.5; finite and at least 0; 0 ignores authors.</summary>
    public float AuthorWeight { get; set; } = ContentDefaults.AuthorWeight;

    /// <summary>
    /// Scale of text tokens (<c>dotnet</c>). Default 0.5; finite and at least 0; 0 turns text off entirely (text
    /// is then never tokenised, which also makes new posts cheaper to score).
    /// </summary>
    public float TextWeight { get; set; } = ContentDefaults.TextWeight;

    /// <summary>
    /// The fewest training posts a text token must occur in to enter the vocabulary. Default 2; at least 1.
    /// Tags and authors are kept from their first post, so a rare tag or a new author still links a user to
    /// new posts that carry it.
    /// </summary>
    public int MinDocumentFrequency { get; set; } = ContentDefaults.MinDocumentFrequency;

    /// <summary>
    /// The largest vocabulary. Default 100,000; 1 to 10,000,000. When more terms
    /// qualify, those in the most posts are kept (ties by ordinal term).
    /// </summary>
    public int MaxTerms { get; set; } = ContentDefaults.MaxTerms;

    /// <summary>
    /// How many of a user's strongest terms their profile keeps. Default 64; 1 to
    /// 4,096. Smaller profiles score faster and are less noisy.
    /// </summary>
    public int ProfileTerms { get; set; } = ContentDefaults.ProfileTerms;

    /// <summary>
    /// Text tokens shorter than this are ignored. Default 3; 1 to 40.
    /// Text is lower-cased and split on every character that is not a letter or digit; tokens made only of digits
    /// and a short list of English stop words are dropped.
    /// </summary>
    public int MinTokenLength { get; set; } = ContentDefaults.MinTokenLength;

    /// <summary>Only this many leading characters of a post's text are tokenised. Default 4,000; at least 1.</summary>
    public int MaxTextLength { get; set; } = ContentDefaults.MaxTextLength;

    /// <summary>
    /// How engagements weigh in a profile: each engagement adds <c>KindWeights[kind] × (Weight ?? 1) ×
    /// 0.5^(age / HalfLife)</c> times the post's vector, so negative feedback (hide, report) subtracts. Default:
    /// the defaults of <see cref="EngagementWeightingOptions"/> (7-day half-life).
    /// </summary>
    public EngagementWeightingOptions Weighting { get; set; } = new();

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names.</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        CheckWeight(errors, prefix, nameof(TagWeight), TagWeight);
        CheckWeight(errors, prefix, nameof(AuthorWeight), AuthorWeight);
        CheckWeight(errors, prefix, nameof(TextWeight), TextWeight);
        if (TagWeight == 0f && AuthorWeight == 0f && TextWeight == 0f)
        {
            errors.Add($"{prefix}At least one of {nameof(TagWeight)}, {nameof(AuthorWeight)} and {nameof(TextWeight)} must be positive.");
        }

        if (MinDocumentFrequency < 1)
        {
            errors.Add($"{prefix}{nameof(MinDocumentFrequency)} must be at least 1, was {MinDocumentFrequency}.");
        }

        if (MaxTerms is < 1 or > ContentDefaults.MaxTermsLimit)
        {
            errors.Add($"{prefix}{nameof(MaxTerms)} must be between 1 and {ContentDefaults.MaxTermsLimit}, was {MaxTerms}.");
        }

        if (ProfileTerms is < 1 or > ContentDefaults.MaxProfileTerms)
        {
            errors.Add($"{prefix}{nameof(ProfileTerms)} must be between 1 and {ContentDefaults.MaxProfileTerms}, was {ProfileTerms}.");
        }

        if (MinTokenLength is < 1 or > ContentDefaults.MaxTokenLength)
        {
            errors.Add($"{prefix}{nameof(MinTokenLength)} must be between 1 and {ContentDefaults.MaxTokenLength}, was {MinTokenLength}.");
        }

        if (MaxTextLength < 1)
        {
            errors.Add($"{prefix}{nameof(MaxTextLength)} must be at least 1, was {MaxTextLength}.");
        }

        if (Weighting is null)
        {
            errors.Add($"{prefix}{nameof(Weighting)} must not be null.");
        }
        else
        {
            Weighting.CollectErrors(errors, $"{prefix}{nameof(Weighting)}:");
        }
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    internal ContentOptions Clone() => new()
    {
        TagWeight = TagWeight,
        AuthorWeight = AuthorWeight,
        TextWeight = TextWeight,
        MinDocumentFrequency = MinDocumentFrequency,
        MaxTerms = MaxTerms,
        ProfileTerms = ProfileTerms,
        MinTokenLength = MinTokenLength,
        MaxTextLength = MaxTextLength,
        Weighting = Weighting.Clone(),
    };

    private static void CheckWeight(List<string> errors, string prefix, string name, float value)
    {
        if (!float.IsFinite(value) || value < 0f)
        {
            errors.Add($"{prefix}{name} must be a finite number >= 0, was {value}.");
        }
    }
}
