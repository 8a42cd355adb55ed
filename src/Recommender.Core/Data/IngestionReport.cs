using System.Globalization;
using System.Text;

namespace Recommender.Data;

/// <summary>
/// What happened to the engagements fed into an <see cref="InteractionMatrixBuilder"/>. Bad rows are data
/// conditions, not programmer errors: they are skipped or corrected as documented here and counted.
/// </summary>
public sealed record IngestionReport
{
    /// <summary>Engagements that contributed to the matrix.</summary>
    public long Accepted { get; init; }

    /// <summary>Skipped: the user or post id was null or empty.</summary>
    public long SkippedMissingId { get; init; }

    /// <summary>Skipped: the explicit weight was NaN or infinite.</summary>
    public long SkippedInvalidWeight { get; init; }

    /// <summary>Skipped: the explicit weight was finite but beyond ±1,000,000.</summary>
    public long SkippedWeightOutOfRange { get; init; }

    /// <summary>Skipped: the kind is not a defined <see cref="EngagementKind"/> value.</summary>
    public long SkippedUndefinedKind { get; init; }

    /// <summary>Skipped: the kind's configured weight is 0 (or the kind is not configured).</summary>
    public long SkippedZeroWeight { get; init; }

    /// <summary>
    /// Skipped: the timestamp lay more than the maximum clock skew (<c>Weighting:MaxClockSkew</c>, default 1 day) after
    /// the reference time, so that one engagement dated 9999 cannot move the data's clock.
    /// </summary>
    public long SkippedBeyondClockSkew { get; init; }

    /// <summary>Accepted, but the timestamp lay after the reference time (within the clock skew); counted as happening now (no decay).</summary>
    public long FutureTimestamps { get; init; }

    /// <summary>Engagements that repeated a (user, post) pair seen before; their weights were summed.</summary>
    public long MergedDuplicates { get; init; }

    /// <summary>(user, post) pairs whose summed weight was negative: recorded as negative feedback.</summary>
    public long NegativePairs { get; init; }

    /// <summary>(user, post) pairs whose summed weight was exactly zero: dropped.</summary>
    public long ZeroPairs { get; init; }

    /// <summary>The total of every skipped engagement.</summary>
    public long Skipped => SkippedMissingId + SkippedInvalidWeight + SkippedWeightOutOfRange + SkippedUndefinedKind + SkippedZeroWeight + SkippedBeyondClockSkew;

    /// <summary>One line: "12 accepted, 3 skipped (1 missing id, 2 weight beyond ±1000000), 1 negative pairs".</summary>
    internal string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Accepted} accepted, {Skipped} skipped");
        var reasons = new List<string>();
        Add(SkippedMissingId, "missing id");
        Add(SkippedInvalidWeight, "NaN or infinite weight");
        Add(SkippedWeightOutOfRange, $"weight beyond ±{EngagementDefaults.MaxWeight:0}");
        Add(SkippedUndefinedKind, "undefined kind");
        Add(SkippedZeroWeight, "kind weighing 0");
        Add(SkippedBeyondClockSkew, "dated beyond the clock skew");
        if (reasons.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", reasons).Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $", {NegativePairs} negative pairs");
        return text.ToString();

        void Add(long count, string reason)
        {
            if (count > 0)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {reason}"));
            }
        }
    }
}
