namespace Recommender.Data;

/// <summary>The documented defaults of <see cref="EngagementWeightingOptions"/>.</summary>
internal static class EngagementDefaults
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

    /// <summary>
    /// The largest magnitude of an engagement's explicit <see cref="Engagement.Weight"/>, and of a configured kind weight:
    /// 1,000,000. Weights beyond it are skipped and counted (<see cref="IngestionReport.SkippedWeightOutOfRange"/>).
    /// Real multipliers (a dwell time in seconds, a play count, a rating) stay far below it, while a finite but absurd
    /// value (1e38, float.MaxValue: a corrupt row) would overflow the factorisation to infinity. With both bounds, one
    /// engagement weighs at most 10^12 and the squares the trainer sums stay far inside float and double range.
    /// </summary>
    public const float MaxWeight = 1e6f;

    /// <summary>
    /// Engagements dated more than 1 day after the clock are skipped and counted
    /// (<see cref="IngestionReport.SkippedBeyondClockSkew"/>): the trainer's option is <c>Weighting:MaxClockSkew</c>.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

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
