namespace Recommender.Features;

/// <summary>A tag or author with its share of a user's decayed engagement weight.</summary>
/// <param name="Term">The normalised tag (lower case, no '#') or the author id.</param>
/// <param name="Weight">The share, in (0, 1].</param>
public readonly record struct WeightedTerm(string Term, float Weight);
