namespace Recommender.Benchmarks.Data;

/// <summary>A clock stopped at one moment, so generated data decays the same in every run.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
