namespace Recommender.Ranking;

/// <summary>What a caller wants left out of a ranking or a recommendation. Null entries in the lists are ignored.</summary>
public sealed record RankingFilter
{
    /// <summary>No filter.</summary>
    public static RankingFilter None { get; } = new();

    /// <summary>Post ids never to return.</summary>
    public IReadOnlyCollection<string>? ExcludePostIds { get; init; }

    /// <summary>Authors whose posts are never returned.</summary>
    public IReadOnlyCollection<string>? ExcludeAuthorIds { get; init; }

    /// <summary>Tags (without '#', any case) whose posts are never returned.</summary>
    public IReadOnlyCollection<string>? ExcludeTags { get; init; }

    internal bool IsEmpty => (ExcludePostIds is null || ExcludePostIds.Count == 0)
        && (ExcludeAuthorIds is null || ExcludeAuthorIds.Count == 0)
        && (ExcludeTags is null || ExcludeTags.Count == 0);
}
