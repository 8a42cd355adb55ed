namespace Recommender.Content;

/// <summary>
/// One term shared by a user's profile and a post, and how much it added to their content similarity
/// (the contributions of all shared terms sum to the score).
/// </summary>
/// <param name="Term">The term as written in the vocabulary: <c>tag:dotnet</c>, <c>author:alice</c> or <c>dotnet</c>.</param>
/// <param name="Kind">The term's family.</param>
/// <param name="Value">The term without its family prefix: <c>dotnet</c>, <c>alice</c>.</param>
/// <param name="Contribution">Profile weight × post weight, in [0, 1].</param>
public readonly record struct ContentReason(string Term, ContentTermKind Kind, string Value, float Contribution);
