namespace Recommender;

/// <summary>
/// A clock whose wall time stands still at a given moment (for example the end of the train data, so that
/// engagement weights decay relative to the data rather than to today). Timestamps (hence measured durations) come
/// from <paramref name="timestamps"/>, by default the system's monotonic clock, so durations are real unless the
/// host injected a clock of its own.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow, TimeProvider? timestamps = null) : TimeProvider
{
    private readonly TimeProvider _timestamps = timestamps ?? System;

    public override DateTimeOffset GetUtcNow() => utcNow;

    public override long GetTimestamp() => _timestamps.GetTimestamp();

    public override long TimestampFrequency => _timestamps.TimestampFrequency;
}
