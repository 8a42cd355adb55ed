namespace Recommender.Serving;

/// <summary>The flags Recommender reads.</summary>
public static class FeatureFlagNames
{
    /// <summary>Off: every answer is the heuristic fallback ranking (marked <c>Fallback</c>, reason "flag").</summary>
    public const string MlRecommendations = "mlRecommendations";

    /// <summary>
    /// Off: answers use no per-user signal: every user is ranked as a new user would be (popularity, freshness and
    /// content quality), marked <c>ColdStart</c>.
    /// </summary>
    public const string PersonalizedFeed = "personalizedFeed";

    /// <summary>
    /// Off: engagement counts (post and author popularity) are not used for ranking; the heuristic becomes newest
    /// first and the model ignores popularity signals.
    /// </summary>
    public const string EngagementRanking = "engagementRanking";
}
