namespace Recommender.Ranking;

/// <summary>The documented defaults of <see cref="RankingOptions"/>.</summary>
public static class RankingDefaults
{
    /// <summary>At most two posts of one author in a row.</summary>
    public const int MaxAuthorRun = 2;

    /// <summary>The first 10 results carry reasons.</summary>
    public const int ExplainTop = 10;

    /// <summary>Up to 3 reasons per result.</summary>
    public const int MaxReasons = 3;

    /// <summary>Recommend ranks at most this many candidates gathered from the collaborative model, fresh, popular and followed authors' posts.</summary>
    public const int RecommendCandidates = 500;

    /// <summary>Posts published within 3 days are candidates for recommendation as "fresh".</summary>
    public static readonly TimeSpan FreshWindow = TimeSpan.FromDays(3);

    /// <summary>The last 10% of engagements (by time) are held out to fit the blend.</summary>
    public const double BlendHoldoutFraction = 0.1;

    /// <summary>Negative examples sampled per held-out engagement.</summary>
    public const int BlendNegativesPerPositive = 8;

    /// <summary>At most 20,000 held-out engagements are used to fit the blend.</summary>
    public const int BlendMaxPositives = 20_000;

    /// <summary>Below 100 held-out engagements the blend is not fitted; hand weights are used.</summary>
    public const int BlendMinPositives = 100;
}
