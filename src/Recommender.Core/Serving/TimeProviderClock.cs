using Microsoft.Extensions.Internal;

namespace Recommender.Serving;

/// <summary>The cache's expiration clock, driven by the engine's TimeProvider (so FakeTimeProvider expires entries in tests).</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
