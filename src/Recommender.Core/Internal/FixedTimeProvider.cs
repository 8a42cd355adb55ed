namespace Recommender;

/// <summary>
/// A clock whose wall time stands still at a given moment (for example the end of the train data, so that
/// engagement weights decay relative to the data rather than to today). Timestamps and timers still follow the
/// system's monotonic clock, so durations measured through it are real.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
