namespace Recommender;

/// <summary>A clock set by its owner: feature rows "as of" each held-out engagement's time. Not thread-safe.</summary>
internal sealed class SettableTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => UtcNow;
}
