using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Recommender.Data;

namespace Recommender.Serving;

/// <summary>
/// The live per-user state (<see cref="UserState"/>) of every user with engagements recorded since training. Only
/// recorded engagements create state; requests only read it.
/// </summary>
internal sealed class UserStateStore(ServingOptions options)
{
    private readonly ConcurrentDictionary<string, UserState> _users = new(StringComparer.Ordinal);

    public int Count => _users.Count;

    public bool TryGet(string userId, [NotNullWhen(true)] out UserState? state) => _users.TryGetValue(userId, out state);

    /// <summary>The user's engagement version (part of every cache key): 0 for a user without recorded engagements.</summary>
    public int VersionOf(string userId) => _users.TryGetValue(userId, out var user) ? user.Version : 0;

    /// <summary>Keeps an engagement for the user's fold-in (at most <see cref="ServingOptions.RecentEngagementsPerUser"/>, newest kept).</summary>
    public void Record(in Engagement engagement)
    {
        if (options.RecentEngagementsPerUser == 0)
        {
            return;
        }

        // At most MaxTrackedUsers users are tracked between trainings (memory stays bounded); beyond that, new users'
        // engagements still count for popularity but are folded in only by the next training.
        if (_users.TryGetValue(engagement.UserId, out var state) || _users.Count < ServingDefaults.MaxTrackedUsers)
        {
            (state ?? _users.GetOrAdd(engagement.UserId, static _ => new UserState())).Add(engagement, options.RecentEngagementsPerUser);
        }
    }

    /// <summary>A new model trained at <paramref name="trainedAt"/>: forgets what it already knows, and users left with nothing.</summary>
    public void DropBefore(DateTimeOffset trainedAt)
    {
        foreach (var user in _users.Values)
        {
            user.DropBefore(trainedAt);
        }

        foreach (var id in _users.Where(u => u.Value.IsEmpty).Select(u => u.Key).ToList())
        {
            _users.TryRemove(id, out _);
        }
    }
}
