using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Serving;

/// <summary>
/// The live per-user state (<see cref="UserState"/>) of users with engagements recorded since training. Only recorded
/// engagements create state (requests only read it), and at most <see cref="ServingOptions.MaxTrackedUsers"/> users
/// are kept: past the limit the least recently engaged tenth is forgotten (their next answers come from the trained
/// model alone, as after a training).
/// </summary>
/// <remarks>
/// It also keeps the posts' side of the same engagements (<see cref="Posts"/>): counts and engaged users of posts,
/// for the pair features of posts that changed since training (most of a feed's posts are newer than the model).
/// </remarks>
internal sealed class UserStateStore(ServingOptions options, EngagementWeightingOptions? weighting = null)
{
    private readonly ConcurrentDictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly EngagementWeigher _weigher = new(weighting ?? new EngagementWeightingOptions(), DateTimeOffset.UnixEpoch);
    private readonly Lock _evicting = new();
    private int _count;
    private long _clock;

    /// <summary>The posts' side of the recorded engagements (at most <see cref="ServingOptions.MaxTrackedPosts"/> posts).</summary>
    public LivePosts Posts { get; } = new(options.MaxTrackedPosts);

    /// <summary>Users with state (kept apart from the dictionary, whose Count takes every lock).</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string userId, [NotNullWhen(true)] out UserState? state) => _users.TryGetValue(userId, out state);

    /// <summary>The user's engagement version (part of every cache key): 0 for a user without recorded engagements.</summary>
    public int VersionOf(string userId) => _users.TryGetValue(userId, out var user) ? user.Version : 0;

    /// <summary>Keeps an engagement for the user's fold-in (at most <see cref="ServingOptions.RecentEngagementsPerUser"/>, newest kept).</summary>
    public void Record(in Engagement engagement)
    {
        if (options.MaxTrackedPosts > 0)
        {
            Posts.Record(engagement, _weigher.KindWeight(engagement.Kind) * (engagement.Weight ?? 1f));
        }

        var perUser = options.RecentEngagementsPerUser;
        var limit = options.MaxTrackedUsers;
        if (perUser == 0 || limit == 0)
        {
            return;
        }

        var added = false;
        UserState? state;
        while (!_users.TryGetValue(engagement.UserId, out state))
        {
            var fresh = new UserState();
            if (_users.TryAdd(engagement.UserId, fresh))
            {
                Interlocked.Increment(ref _count);
                state = fresh;
                added = true;
                break;
            }
        }

        state.Add(engagement, perUser, Interlocked.Increment(ref _clock));
        if (added && Count > limit)
        {
            EvictLeastRecent(limit);
        }
    }

    /// <summary>A new model trained at <paramref name="trainedAt"/>: forgets what it already knows, and users left with nothing.</summary>
    public void DropBefore(DateTimeOffset trainedAt)
    {
        Posts.PruneThrough(trainedAt);
        foreach (var (id, user) in _users)
        {
            user.DropBefore(trainedAt);
            if (user.IsEmpty)
            {
                Remove(id, user);
            }
        }
    }

    /// <summary>Down to nine tenths of the limit, least recently engaged first (one sweep per tenth of the limit added).</summary>
    private void EvictLeastRecent(int limit)
    {
        lock (_evicting)
        {
            var excess = Count - (limit - (limit / 10));
            if (Count <= limit || excess <= 0)
            {
                return;
            }

            var users = _users.ToArray();
            var touched = new long[users.Length];
            for (var i = 0; i < users.Length; i++)
            {
                touched[i] = users[i].Value.LastTouched;
            }

            Array.Sort(touched, users);
            for (var i = 0; i < users.Length && excess > 0; i++)
            {
                if (Remove(users[i].Key, users[i].Value))
                {
                    excess--;
                }
            }
        }
    }

    private bool Remove(string userId, UserState state)
    {
        if (_users.TryRemove(new KeyValuePair<string, UserState>(userId, state)))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}
