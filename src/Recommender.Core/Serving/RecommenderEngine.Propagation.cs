using Recommender.Data;

namespace Recommender.Serving;

public sealed partial class RecommenderEngine
{
    private readonly Lock _propagationGate = new();
    private IEngagementPropagation? _propagation;
    private IDisposable? _propagationSubscription;
    private EngagementDeduplicator? _deduplicator;

    /// <summary>
    /// Shares engagements with the other instances through <paramref name="propagation"/>: from now on every engagement
    /// recorded here is published, and every engagement it delivers is applied as if recorded here, repeats dropped
    /// (the last 100,000 engagements are remembered). <c>UsePostgres</c> calls it for engines from DI. Once per engine.
    /// </summary>
    /// <param name="propagation">The propagation; disposing the engine ends the subscription, not the propagation.</param>
    /// <exception cref="InvalidOperationException">The engine already has a propagation.</exception>
    public void UseEngagementPropagation(IEngagementPropagation propagation)
    {
        ArgumentNullException.ThrowIfNull(propagation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeCalled) != 0, this);
        lock (_propagationGate)
        {
            if (_propagation is not null)
            {
                throw new InvalidOperationException("The engine already shares its engagements through a propagation.");
            }

            _deduplicator = new EngagementDeduplicator(ServingDefaults.DeduplicatedEngagements);
            _propagation = propagation;
            _propagationSubscription = propagation.Subscribe(ApplyPropagated);
        }
    }

    /// <summary>Records a validated engagement here, then hands it to the propagation unless it was applied already.</summary>
    private void RecordLocal(in Engagement engagement)
    {
        if (Volatile.Read(ref _deduplicator) is { } dedup && !dedup.TryAdd(engagement))
        {
            _metrics.EngagementIgnored(LiveEngagementCheck.Duplicate);
            return;
        }

        _realtime.Record(engagement);
        Volatile.Read(ref _propagation)?.Publish(engagement);
    }

    /// <summary>An engagement from the propagation: checked like a recorded one, but never throws (a bad one is counted).</summary>
    private void ApplyPropagated(Engagement engagement)
    {
        if (Volatile.Read(ref _disposeCalled) != 0)
        {
            return;
        }

        var reason = _validator.IsValid(engagement)
            ? LiveEngagementCheck.IgnoreReason(engagement, _timeProvider.GetUtcNow(), _options.Current.Weighting.MaxClockSkew)
            : LiveEngagementCheck.Invalid;
        if (reason is null && _deduplicator?.TryAdd(engagement) == false)
        {
            reason = LiveEngagementCheck.Duplicate;
        }

        if (reason is not null)
        {
            _metrics.EngagementIgnored(reason);
            return;
        }

        _realtime.Record(engagement);
    }

    private void EndPropagation()
    {
        lock (_propagationGate)
        {
            _propagationSubscription?.Dispose();
            _propagationSubscription = null;
        }
    }
}
