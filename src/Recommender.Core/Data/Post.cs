namespace Recommender.Data;

/// <summary>A post (or any item) that can be ranked in a feed.</summary>
/// <param name="Id">The host's identifier of the post; never null or empty.</param>
/// <param name="AuthorId">The identifier of the user who wrote it, or null when unknown.</param>
/// <param name="CreatedAt">When it was published (drives freshness).</param>
public sealed record Post(string Id, string? AuthorId, DateTimeOffset CreatedAt)
{
    /// <summary>Tags or topics, without a leading '#'. Empty when the post has none; null is read as empty.</summary>
    public IReadOnlyList<string> Tags { get; init => field = value ?? []; } = [];

    /// <summary>The post's text, or null.</summary>
    public string? Text { get; init; }
}
