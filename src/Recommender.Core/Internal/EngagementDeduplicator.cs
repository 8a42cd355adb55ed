using Recommender.Data;

namespace Recommender;

/// <summary>
/// Remembers the engagements applied most recently so that one delivered again (by another path or after a
/// reconnection) is not counted twice. An engagement is identified by user, post, kind and its UTC timestamp to the
/// microsecond (what PostgreSQL's <c>timestamptz</c> keeps). At most <see cref="Capacity"/> are remembered, oldest
/// forgotten first, so memory stays bounded: about 100 bytes per engagement besides the id strings, which are shared.
/// </summary>
internal sealed class EngagementDeduplicator(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Key> _seen = new(capacity);
    private readonly Queue<Key> _order = new(capacity);

    /// <summary>How many engagements are remembered at most.</summary>
    public int Capacity => capacity;

    /// <summary>True the first time an engagement is offered (it should be applied), false for a repeat.</summary>
    public bool TryAdd(in Engagement engagement)
    {
        var key = new Key(engagement.UserId, engagement.PostId, engagement.Kind, engagement.Timestamp.UtcTicks / TimeSpan.TicksPerMicrosecond);
        lock (_gate)
        {
            if (!_seen.Add(key))
            {
                return false;
            }

            _order.Enqueue(key);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    private readonly record struct Key(string UserId, string PostId, EngagementKind Kind, long Microseconds);
}
