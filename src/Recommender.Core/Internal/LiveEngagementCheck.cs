using Recommender.Data;

namespace Recommender;

/// <summary>
/// The data conditions under which an engagement recorded live (<c>IRecommender.RecordEngagementAsync</c>) is ignored
/// rather than recorded, the same as training skips it: a timestamp more than <c>Weighting:MaxClockSkew</c> after the
/// clock (one engagement dated 9999 would otherwise count as "now" forever), or a finite weight beyond
/// ±<see cref="EngagementDefaults.MaxWeight"/> (which would overflow the popularity counters). Programmer errors
/// (missing ids, an undefined kind, a NaN weight) are the caller's validation, not this.
/// </summary>
internal static class LiveEngagementCheck
{
    /// <summary>The metric tag for a timestamp beyond the clock skew.</summary>
    public const string ClockSkew = "clock_skew";

    /// <summary>The metric tag for a weight beyond the range.</summary>
    public const string WeightRange = "weight_range";

    /// <summary>The metric tag for an engagement applied already (delivered again by an <c>IEngagementPropagation</c>).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The metric tag for an engagement from an <c>IEngagementPropagation</c> that a caller's validation would reject.</summary>
    public const string Invalid = "invalid";

    /// <summary>Null when the engagement may be recorded, else why it is ignored (a metric tag).</summary>
    public static string? IgnoreReason(in Engagement engagement, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (engagement.Timestamp > EngagementWeigher.LatestAcceptedAt(now, maxClockSkew))
        {
            return ClockSkew;
        }

        return engagement.Weight is { } w && float.IsFinite(w) && !EngagementWeigher.IsValidWeight(w) ? WeightRange : null;
    }
}
