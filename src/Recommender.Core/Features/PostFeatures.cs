namespace Recommender.Features;

/// <summary>
/// What is known of a post: its own attributes (age, author, tags, text) from the <c>Post</c> handed in, engagement
/// statistics from the training data. A new post has <see cref="IsKnown"/> false and zero counts; its author's
/// popularity is still known when the author is. Lists indexed by kind use <c>(int)EngagementKind</c>.
/// </summary>
public sealed record PostFeatures
{
    /// <summary>The host's post id.</summary>
    public required string PostId { get; init; }

    /// <summary>True when the post appeared in the training data.</summary>
    public bool IsKnown { get; init; }

    /// <summary>The author's id, or null.</summary>
    public string? AuthorId { get; init; }

    /// <summary>When the post was published.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Now minus <see cref="CreatedAt"/>, zero for a post dated in the future.</summary>
    public TimeSpan Age { get; init; }

    /// <summary>Engagements by kind (8 entries).</summary>
    public IReadOnlyList<int> CountsByKind { get; init; } = [];

    /// <summary>Every engagement with the post.</summary>
    public int TotalEngagements { get; init; }

    /// <summary>Engagements of the kinds with a positive weight (everything but hide and report by default).</summary>
    public int PositiveEngagements { get; init; }

    /// <summary>The number of distinct users who engaged.</summary>
    public int UniqueUsers { get; init; }

    /// <summary>
    /// Engagements per hour by kind over the velocity window before training (8 entries): the count in the window
    /// divided by the hours the post was live in it (at least 1).
    /// </summary>
    public IReadOnlyList<float> VelocityByKind { get; init; } = [];

    /// <summary>True when the author is known to the training data (wrote a post or is followed).</summary>
    public bool AuthorKnown { get; init; }

    /// <summary>How many users follow the author.</summary>
    public int AuthorFollowers { get; init; }

    /// <summary>How many training posts the author wrote.</summary>
    public int AuthorPostCount { get; init; }

    /// <summary>Positive engagements the author's posts received, per post (0 when unknown).</summary>
    public float AuthorPopularity { get; init; }

    /// <summary>The tags, normalised (trimmed, no leading '#', lower case), without repeats.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The text's length in characters (0 without text).</summary>
    public int TextLength { get; init; }

    /// <summary>The number of words (runs of letters and digits) in the text.</summary>
    public int WordCount { get; init; }
}
