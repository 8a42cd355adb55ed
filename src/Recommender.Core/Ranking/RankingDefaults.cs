namespace Recommender.Ranking;

/// <summary>The documented defaults of <see cref="RankingOptions"/>.</summary>
internal static class RankingDefaults
{
    /// <summary>At most two posts of one author in a row.</summary>
    public const int MaxAuthorRun = 2;

    /// <summary>The first 10 results carry reasons.</summary>
    public const int ExplainTop = 10;

    /// <summary>Up to 3 reasons per result.</summary>
    public const int MaxReasons = 3;

    /// <summary>Recommend ranks at most this many candidates gathered from the collaborative model, the co-engagement graph, fresh and popular posts.</summary>
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

    /// <summary>Recommendation groups of the blend: the 100 best posts by each signal that builds a pool.</summary>
    internal const int BlendPoolSize = 100;

    /// <summary>At most 2,000 users give recommendation groups ...</summary>
    internal const int BlendPoolUsers = 2000;

    /// <summary>... and at most 20 million (user, post) feature rows are computed to find their pools.</summary>
    internal const long BlendPoolRows = 20_000_000;

    /// <summary>The blend is validated on the whole catalogue for as many users as fit 20 million (user, post) feature rows (20 to 500).</summary>
    internal const long BlendValidationRows = 20_000_000;

    /// <summary>In a recommendation group, each held-out post is paired with up to 20 of the pool's other posts.</summary>
    internal const int BlendPoolNegativesPerPositive = 20;
}
