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

    /// <summary>Skipped: the kind is not a defined <see cref="EngagementKind"/> value.</summary>
    public long SkippedUndefinedKind { get; init; }

    /// <summary>Skipped: the kind's configured weight is 0 (or the kind is not configured).</summary>
    public long SkippedZeroWeight { get; init; }

    /// <summary>Accepted, but the timestamp lay after the reference time; counted as happening now (no decay).</summary>
    public long FutureTimestamps { get; init; }

    /// <summary>Engagements that repeated a (user, post) pair seen before; their weights were summed.</summary>
    public long MergedDuplicates { get; init; }

    /// <summary>(user, post) pairs whose summed weight was negative: recorded as negative feedback.</summary>
    public long NegativePairs { get; init; }

    /// <summary>(user, post) pairs whose summed weight was exactly zero: dropped.</summary>
    public long ZeroPairs { get; init; }

    /// <summary>The total of every skipped engagement.</summary>
    public long Skipped => SkippedMissingId + SkippedInvalidWeight + SkippedUndefinedKind + SkippedZeroWeight;
}
