namespace Recommender.Data;

/// <summary>The documented defaults of <see cref="EngagementWeightingOptions"/>.</summary>
public static class EngagementDefaults
{
    /// <summary>Engagement weights lose half their value every 7 days.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(7);

    /// <summary>Weight of a view.</summary>
    public const float ViewWeight = 1f;

    /// <summary>Weight of a click.</summary>
    public const float ClickWeight = 1.5f;

    /// <summary>Weight of a like.</summary>
    public const float LikeWeight = 4f;

    /// <summary>Weight of a comment.</summary>
    public const float CommentWeight = 6f;

    /// <summary>Weight of a share.</summary>
    public const float ShareWeight = 8f;

    /// <summary>Weight of a bookmark.</summary>
    public const float BookmarkWeight = 5f;

    /// <summary>Weight of a hide (negative feedback).</summary>
    public const float HideWeight = -10f;

    /// <summary>Weight of a report (strong negative feedback).</summary>
    public const float ReportWeight = -25f;

    /// <summary>A fresh copy of the default weight of every kind.</summary>
    public static Dictionary<EngagementKind, float> CreateKindWeights() => new()
    {
        [EngagementKind.View] = ViewWeight,
        [EngagementKind.Click] = ClickWeight,
        [EngagementKind.Like] = LikeWeight,
        [EngagementKind.Comment] = CommentWeight,
        [EngagementKind.Share] = ShareWeight,
        [EngagementKind.Bookmark] = BookmarkWeight,
        [EngagementKind.Hide] = HideWeight,
        [EngagementKind.Report] = ReportWeight,
    };
}
