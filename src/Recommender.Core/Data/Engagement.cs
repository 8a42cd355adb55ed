namespace Recommender.Data;

/// <summary>One thing a user did with a post at a moment in time.</summary>
/// <param name="UserId">The user's identifier.</param>
/// <param name="PostId">The post's identifier.</param>
/// <param name="Kind">What the user did.</param>
/// <param name="Timestamp">
/// When it happened. A timestamp up to <c>Weighting:MaxClockSkew</c> (default 1 day) after the clock counts as "now"
/// (no decay); a later one is skipped and counted in <see cref="IngestionReport"/> (and ignored when recorded live).
/// </param>
/// <param name="Weight">
/// An optional multiplier on the kind's weight (for example a dwell-time factor); null means 1. It must lie between
/// -1,000,000 and 1,000,000:
/// engagements whose weight is NaN, infinite or beyond that range are skipped and counted in <see cref="IngestionReport"/>.
/// </param>
public readonly record struct Engagement(
    string UserId,
    string PostId,
    EngagementKind Kind,
    DateTimeOffset Timestamp,
    float? Weight = null);
