namespace Recommender.Features;

/// <summary>
/// The columns of the ranker's pair-feature matrix (one row of <see cref="Count"/> floats per candidate). Flags
/// are 0 or 1. Columns 0-11 are <see cref="PairFeatures"/>; 12-15 describe the candidate post itself so that one row
/// holds everything a ranker needs; 16-17 are the co-engagement score and its flag.
/// </summary>
public static class PairFeatureColumns
{
    /// <summary><see cref="PairFeatures.CollaborativeScore"/>.</summary>
    public const int CollaborativeScore = 0;

    /// <summary><see cref="PairFeatures.HasCollaborativeScore"/> (0 or 1).</summary>
    public const int HasCollaborativeScore = 1;

    /// <summary><see cref="PairFeatures.ContentSimilarity"/>.</summary>
    public const int ContentSimilarity = 2;

    /// <summary><see cref="PairFeatures.HasContentSimilarity"/> (0 or 1).</summary>
    public const int HasContentSimilarity = 3;

    /// <summary><see cref="PairFeatures.AuthorEngagementShare"/>.</summary>
    public const int AuthorEngagementShare = 4;

    /// <summary><see cref="PairFeatures.FollowsAuthor"/> (0 or 1).</summary>
    public const int FollowsAuthor = 5;

    /// <summary><see cref="PairFeatures.AuthorAffinity"/>.</summary>
    public const int AuthorAffinity = 6;

    /// <summary><see cref="PairFeatures.TimeMatch"/>.</summary>
    public const int TimeMatch = 7;

    /// <summary><see cref="PairFeatures.Freshness"/>.</summary>
    public const int Freshness = 8;

    /// <summary><see cref="PairFeatures.AlreadySeen"/> (0 or 1).</summary>
    public const int AlreadySeen = 9;

    /// <summary><see cref="PairFeatures.UserKnown"/> (0 or 1).</summary>
    public const int UserKnown = 10;

    /// <summary><see cref="PairFeatures.PostKnown"/> (0 or 1).</summary>
    public const int PostKnown = 11;

    /// <summary>The post's age in hours (0 for a post dated in the future).</summary>
    public const int PostAgeHours = 12;

    /// <summary><c>ln(1 + PostFeatures.PositiveEngagements)</c>; 0 for a new post.</summary>
    public const int PostPopularity = 13;

    /// <summary>Positive engagements per hour over the velocity window (the sum of positive kinds' <see cref="PostFeatures.VelocityByKind"/>).</summary>
    public const int PostVelocity = 14;

    /// <summary><c>ln(1 + PostFeatures.AuthorPopularity)</c>; 0 when the author is unknown.</summary>
    public const int AuthorPopularity = 15;

    /// <summary><see cref="PairFeatures.CoEngagementScore"/>.</summary>
    public const int CoEngagementScore = 16;

    /// <summary><see cref="PairFeatures.HasCoEngagementScore"/> (0 or 1).</summary>
    public const int HasCoEngagementScore = 17;

    /// <summary>The number of columns.</summary>
    public const int Count = 18;

    /// <summary>The column names, in order (for logs, CSV headers, model inspection).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        nameof(CollaborativeScore), nameof(HasCollaborativeScore), nameof(ContentSimilarity), nameof(HasContentSimilarity),
        nameof(AuthorEngagementShare), nameof(FollowsAuthor), nameof(AuthorAffinity), nameof(TimeMatch), nameof(Freshness),
        nameof(AlreadySeen), nameof(UserKnown), nameof(PostKnown), nameof(PostAgeHours), nameof(PostPopularity),
        nameof(PostVelocity), nameof(AuthorPopularity), nameof(CoEngagementScore), nameof(HasCoEngagementScore),
    ];
}
