namespace Recommender.Data;

/// <summary>One thing a user did with a post at a moment in time.</summary>
/// <param name="UserId">The user's identifier.</param>
/// <param name="PostId">The post's identifier.</param>
/// <param name="Kind">What the user did.</param>
/// <param name="Timestamp">When it happened. Timestamps in the future count as "now" (no decay).</param>
/// <param name="Weight">
/// An optional multiplier on the kind's weight (for example a dwell-time factor); null means 1.
/// Engagements whose weight is NaN or infinite are skipped and counted in <see cref="IngestionReport"/>.
/// </param>
public readonly record struct Engagement(
    string UserId,
    string PostId,
    EngagementKind Kind,
    DateTimeOffset Timestamp,
    float? Weight = null);
