using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// The signals the blend combines, read from a pair-feature row (<see cref="PairFeatureColumns"/>), and which are
/// missing. Missing signals (no collaborative score, no content profile) are reported so the blend can treat them
/// as average. (Co-engagement is missing for a user without positive history or a post the store does not know.)
/// </summary>
internal static class BlendSignals
{
    public const int Collaborative = 0;
    public const int Content = 1;
    public const int AuthorShare = 2;
    public const int FollowsAuthor = 3;
    public const int TimeMatch = 4;
    public const int Freshness = 5;
    public const int Popularity = 6;
    public const int VelocityLog = 7;
    public const int AuthorPopularity = 8;
    public const int AlreadySeen = 9;
    public const int CoEngagement = 10;
    public const int Count = 11;

    /// <summary>The signal count of artefacts written before <see cref="CoEngagement"/> existed.</summary>
    public const int CountV1 = 10;

    public static IReadOnlyList<string> Names { get; } =
    [
        "collaborative", "content", "author-share", "follows-author", "time-match", "freshness",
        "popularity", "velocity-log", "author-popularity", "already-seen", "co-engagement",
    ];

    /// <summary>Reads one row's signals; returns a bit mask of the missing ones (1 &lt;&lt; signal).</summary>
    public static int Read(ReadOnlySpan<float> row, Span<float> signals, out bool newUser, out bool newPost)
    {
        signals[Collaborative] = row[PairFeatureColumns.CollaborativeScore];
        signals[Content] = row[PairFeatureColumns.ContentSimilarity];
        signals[AuthorShare] = row[PairFeatureColumns.AuthorEngagementShare];
        signals[FollowsAuthor] = row[PairFeatureColumns.FollowsAuthor];
        signals[TimeMatch] = row[PairFeatureColumns.TimeMatch];
        signals[Freshness] = row[PairFeatureColumns.Freshness];
        signals[Popularity] = row[PairFeatureColumns.PostPopularity];
        signals[VelocityLog] = MathF.Log(1f + row[PairFeatureColumns.PostVelocity]);
        signals[AuthorPopularity] = row[PairFeatureColumns.AuthorPopularity];
        signals[AlreadySeen] = row[PairFeatureColumns.AlreadySeen];
        signals[CoEngagement] = row[PairFeatureColumns.CoEngagementScore];
        newUser = row[PairFeatureColumns.UserKnown] == 0f;
        newPost = row[PairFeatureColumns.PostKnown] == 0f;
        var missing = 0;
        if (row[PairFeatureColumns.HasCollaborativeScore] == 0f)
        {
            missing |= 1 << Collaborative;
        }

        if (row[PairFeatureColumns.HasContentSimilarity] == 0f)
        {
            missing |= 1 << Content;
        }

        if (row[PairFeatureColumns.HasCoEngagementScore] == 0f)
        {
            missing |= 1 << CoEngagement;
        }

        return missing;
    }
}
