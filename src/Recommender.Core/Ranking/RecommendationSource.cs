using System.Text.Json.Serialization;

namespace Recommender.Ranking;

/// <summary>What produced a ranked post's score.</summary>
/// <remarks>System.Text.Json writes it as its name ("ColdStart") and reads a name or a number.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<RecommendationSource>))]
public enum RecommendationSource
{
    /// <summary>The trained model, with what it knows of both the user and the post.</summary>
    Model = 0,

    /// <summary>
    /// The trained model in cold-start mode: the user or the post is new to it, so the score leans on content,
    /// popularity, author affinity and freshness.
    /// </summary>
    ColdStart = 1,

    /// <summary>The heuristic ranking (engagement-weighted popularity with time decay): ML was off, absent, failing or slow.</summary>
    Fallback = 2,
}
