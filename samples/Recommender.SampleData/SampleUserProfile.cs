namespace Recommender.SampleData;

/// <summary>The structure planted in a generated user: what a good recommender should discover.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Name">A display name.</param>
/// <param name="Topics">1-3 topics the user likes, the strongest first.</param>
/// <param name="FavouriteAuthors">The authors the user follows and engages with most.</param>
/// <param name="IsAuthor">True when the user writes posts.</param>
public sealed record SampleUserProfile(string UserId, string Name, IReadOnlyList<string> Topics, IReadOnlyList<string> FavouriteAuthors, bool IsAuthor)
{
    /// <summary>True when the user only views (the loyal world's lurkers); false in the demo's world.</summary>
    public bool IsLurker { get; init; }
}
