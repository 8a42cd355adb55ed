using Recommender.Content;

namespace Recommender.Ranking;

/// <summary>
/// Who a ranking is for, with optional replacements for what the model knows about them (the serving layer folds in
/// engagements recorded since training), and which signals the feature flags allow.
/// </summary>
internal readonly record struct RankingUser(string UserId)
{
    /// <summary>A content profile built from a recent history, replacing the model's.</summary>
    public ContentProfile? Profile { get; init; }

    /// <summary>NMF factors folded in from a recent history, replacing the model's.</summary>
    public float[]? CollaborativeFactors { get; init; }

    /// <summary>Store indices of the posts the co-engagement score starts from, replacing the model's history of the user.</summary>
    public int[]? CoEngagementHistory { get; init; }

    /// <summary>Posts engaged with since training (dropped as seen).</summary>
    public IReadOnlyCollection<string>? RecentlySeen { get; init; }

    /// <summary>Engagements recorded since training, per post (live counts, factors of new posts); null for none.</summary>
    public Features.LivePosts? LivePosts { get; init; }

    /// <summary>False: rank without per-user signals (the personalizedFeed flag is off).</summary>
    public bool Personalized { get; init; } = true;

    /// <summary>False: ignore engagement counts (the engagementRanking flag is off).</summary>
    public bool UseEngagement { get; init; } = true;
}
