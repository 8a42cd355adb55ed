namespace Recommender.Ranking;

/// <summary>One post of a ranked feed.</summary>
/// <param name="PostId">The host's post id.</param>
/// <param name="Score">
/// The score; higher ranks first. For model results it lies in (0, 1): the blend's estimate, calibrated at training
/// time, that the user engages with this post rather than with an average alternative shown beside it. Fallback scores
/// are on the heuristic's own scale (not bounded).
/// </param>
/// <param name="Source">What produced the score.</param>
/// <param name="Reasons">Why it ranks here, in words a product can show ("because you liked posts tagged #dotnet"); empty when not explained.</param>
public readonly record struct RankedPost(string PostId, float Score, RecommendationSource Source, IReadOnlyList<string> Reasons);
