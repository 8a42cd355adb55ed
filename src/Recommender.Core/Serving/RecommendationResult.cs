using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>An answer of <see cref="IRecommender"/>: the ranked posts and where they came from.</summary>
public sealed record RecommendationResult
{
    /// <summary>The user the answer is for.</summary>
    public required string UserId { get; init; }

    /// <summary>The ranked posts, best first.</summary>
    public required IReadOnlyList<RankedPost> Items { get; init; }

    /// <summary>
    /// <see cref="RecommendationSource.Fallback"/> when the heuristic answered; otherwise
    /// <see cref="RecommendationSource.Model"/> (each item says whether it was a cold-start score).
    /// </summary>
    public RecommendationSource Source { get; init; }

    /// <summary>Why the heuristic answered, or <see cref="FallbackReason.None"/>.</summary>
    public FallbackReason FallbackReason { get; init; }

    /// <summary>The model version that answered, or null for the heuristic.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The A/B variant the user is in ("default" unless an experiment assigns another).</summary>
    public string Variant { get; init; } = Training.ModelVariants.Default;

    /// <summary>True when the answer came from the cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>Candidate ids that neither the request nor the data source described; they are not ranked.</summary>
    public IReadOnlyList<string> UnknownCandidates { get; init; } = [];
}
