using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Turns held-out engagements into blend training groups: the engaged post (label 1) and up to N posts published
/// before the engagement that the user had not engaged with (label 0), each with its pair
/// features as of the engagement's moment, computed by the models of the earlier pass. Half the negatives are fresh
/// posts, half any earlier post (see the sampling below).
/// </summary>
internal sealed class BlendExamples
{
    /// <summary>The order of posts by creation time, then id.</summary>
    public static readonly Comparer<Post> PostOrder = Comparer<Post>.Create(static (a, b) =>
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly List<float> _rows = [];
    private readonly List<byte> _labels = [];
    private readonly List<int> _groups = [];
    private readonly List<byte> _groupFolds = [];
    private readonly List<int> _groupUsers = [];
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);

    public ReadOnlySpan<float> Rows => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);

    public ReadOnlySpan<byte> Labels => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_labels);

    public ReadOnlySpan<int> Groups => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_groups);

    public int Count => _labels.Count;

    /// <summary>The cross-fitting fold (0 or 1) of each group: its user's (see <see cref="FoldOf"/>).</summary>
    public ReadOnlySpan<byte> GroupFolds => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_groupFolds);

    /// <summary>The user of each group, numbered in order of first appearance (the blend guard's units).</summary>
    public ReadOnlySpan<int> GroupUsers => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_groupUsers);

    /// <summary>A user's cross-fitting fold: one bit of XxHash32 of their id, so a user's examples stay together.</summary>
    public static byte FoldOf(string userId, int seed) => (byte)(StableHash.Of(userId, null, string.Empty, seed) >> 31);

    /// <summary>The number of groups added so far.</summary>
    public int GroupCount { get; private set; }

    /// <summary>The first recommendation-pool group (<see cref="AddPools"/>); groups before it are feed groups.</summary>
    public int FirstPoolGroup { get; private set; } = int.MaxValue;

    /// <summary>The signals whose top posts make up a recommendation pool (value column, presence flag or -1).</summary>
    private static readonly (int Column, int Flag)[] PoolSignals =
    [
        (PairFeatureColumns.CollaborativeScore, PairFeatureColumns.HasCollaborativeScore),
        (PairFeatureColumns.CoEngagementScore, PairFeatureColumns.HasCoEngagementScore),
        (PairFeatureColumns.ContentSimilarity, PairFeatureColumns.HasContentSimilarity),
        (PairFeatureColumns.PostPopularity, -1),
        (PairFeatureColumns.PostVelocity, -1),
        (PairFeatureColumns.Freshness, -1),
        (PairFeatureColumns.AuthorAffinity, -1),
    ];

    /// <summary>
    /// Adds recommendation groups and returns their users (to validate on the whole catalogue). Users with held-out
    /// engagements are shuffled (seeded) and up to <paramref name="maxUsers"/> each give a group: the pool a
    /// blend would draw its top from (the <paramref name="poolSize"/> unseen posts best by each signal: collaborative,
    /// co-engagement, content, popularity, velocity, freshness, author affinity), labelled 1 where their held-out
    /// engagements are. Held-out posts outside the pool are left out: no blend of these signals would rank them
    /// near the top, and drawing them in would teach the blend to distrust the signals that built the pool.
    /// </summary>
    public IReadOnlyList<(string UserId, HashSet<int> HeldOut, byte Fold)> AddPools(FeatureExtractor extractor, SettableTimeProvider clock, DateTimeOffset at, IReadOnlyList<Engagement> heldOut, int poolSize, int maxUsers, int seed, CancellationToken cancellationToken)
    {
        var store = extractor.Store;
        var np = store.Posts.Count;
        var byUser = HeldOutByUser(store, heldOut);
        var validation = new List<(string, HashSet<int>, byte)>();
        if (np == 0 || byUser.Count == 0)
        {
            return validation;
        }

        var users = byUser.Keys.Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(users);
        var scan = new CatalogueScan(extractor, poolSize);
        var pool = new HashSet<int>();
        var ordered = new List<int>();
        clock.UtcNow = at;
        FirstPoolGroup = GroupCount;
        var added = 0;
        for (var k = 0; k < users.Length; k++)
        {
            var userId = users[k];
            if (added >= maxUsers)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            scan.Load(userId);
            pool.Clear();
            foreach (var (column, flag) in PoolSignals)
            {
                var top = scan.NewTop();
                for (var p = 0; p < np; p++)
                {
                    var row = scan.Row(p);
                    if ((flag < 0 || row[flag] != 0f) && row[PairFeatureColumns.AlreadySeen] == 0f)
                    {
                        top.Offer(row[column], p);
                    }
                }

                foreach (var best in scan.Drain(ref top))
                {
                    pool.Add(best.Index);
                }
            }

            var positives = byUser[userId];
            ordered.Clear();
            ordered.AddRange(pool);
            ordered.Sort();
            var hits = 0;
            foreach (var p in ordered)
            {
                hits += positives.Contains(p) ? 1 : 0;
            }

            if (hits == 0 || hits == ordered.Count)
            {
                continue;
            }

            foreach (var p in ordered)
            {
                foreach (var value in scan.Row(p))
                {
                    _rows.Add(value);
                }

                _labels.Add(positives.Contains(p) ? (byte)1 : (byte)0);
                _groups.Add(GroupCount);
            }

            var fold = FoldOf(userId, seed);
            _groupFolds.Add(fold);
            _groupUsers.Add(UserNumber(userId));
            validation.Add((userId, positives, fold));
            GroupCount++;
            added++;
        }

        return validation;
    }

    /// <summary>Each user's held-out posts (store indices), for users and posts the store knows.</summary>
    private static Dictionary<string, HashSet<int>> HeldOutByUser(FeatureStore store, IReadOnlyList<Engagement> heldOut)
    {
        var byUser = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var e in heldOut)
        {
            var p = store.Posts.IndexOf(e.PostId);
            if (p < 0 || store.Users.IndexOf(e.UserId) < 0)
            {
                continue;
            }

            if (!byUser.TryGetValue(e.UserId, out var set))
            {
                byUser[e.UserId] = set = [];
            }

            set.Add(p);
        }

        return byUser;
    }

    public static BlendExamples Build(
        FeatureExtractor extractor,
        SettableTimeProvider clock,
        IReadOnlyList<Engagement> heldOut,
        Post[] postsByTime,
        TimeSpan window,
        int negativesPerPositive,
        int seed,
        CancellationToken cancellationToken)
    {
        const int F = PairFeatureColumns.Count;
        var examples = new BlendExamples();
        var random = new Random(seed);
        var byId = new Dictionary<string, Post>(postsByTime.Length, StringComparer.Ordinal);
        foreach (var post in postsByTime)
        {
            byId[post.Id] = post;
        }

        var heldOutPairs = new HashSet<(string, string)>();
        foreach (var e in heldOut)
        {
            heldOutPairs.Add((e.UserId, e.PostId));
        }

        var createdTicks = new long[postsByTime.Length];
        for (var i = 0; i < postsByTime.Length; i++)
        {
            createdTicks[i] = postsByTime[i].CreatedAt.UtcTicks;
        }

        var candidates = new List<Post>(negativesPerPositive + 1);
        var chosen = new HashSet<int>();
        var rows = new float[(negativesPerPositive + 1) * F];
        var indices = new int[negativesPerPositive + 1];
        var group = 0;
        foreach (var e in heldOut)
        {
            if ((group & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!byId.TryGetValue(e.PostId, out var positive))
            {
                continue;
            }

            var user = extractor.ResolveUser(e.UserId);
            var hi = SortedSearch.UpperBound(createdTicks, e.Timestamp.UtcTicks);
            var lo = SortedSearch.UpperBound(createdTicks, (e.Timestamp - window).UtcTicks);
            candidates.Clear();
            chosen.Clear();
            candidates.Add(positive);
            // Half the negatives come from the posts published in the freshness window before the engagement (what a
            // feed shows), half from every post published by then (what a recommendation draws from); when the window
            // is empty (a catalogue without fresh posts), all come from the catalogue. (Drawing "hard" negatives from
            // the collaborative model's favourites was tried: it biases the blend against the collaborative score.)
            var fromWindow = hi - lo > 0 ? (negativesPerPositive + 1) / 2 : 0;
            for (var attempt = 0; attempt < negativesPerPositive * 6 && candidates.Count <= negativesPerPositive; attempt++)
            {
                var windowPick = candidates.Count <= fromWindow;
                var available = windowPick ? hi - lo : hi;
                if (available <= 0)
                {
                    break;
                }

                var i = (windowPick ? lo : 0) + random.Next(available);
                var post = postsByTime[i];
                if (!chosen.Add(i) || post.Id == e.PostId || heldOutPairs.Contains((e.UserId, post.Id)) || extractor.IsSeen(user, post.Id))
                {
                    continue;
                }

                candidates.Add(post);
            }

            if (candidates.Count < 2)
            {
                continue;
            }

            clock.UtcNow = e.Timestamp;
            var n = candidates.Count;
            Post?[] posts = [.. candidates];
            for (var i = 0; i < n; i++)
            {
                indices[i] = extractor.Store.Posts.IndexOf(candidates[i].Id);
            }

            extractor.FillPairFeatures(user, indices.AsSpan(0, n), posts, rows.AsSpan(0, n * F));
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < F; c++)
                {
                    examples._rows.Add(rows[(i * F) + c]);
                }

                examples._labels.Add(i == 0 ? (byte)1 : (byte)0);
                examples._groups.Add(group);
            }

            examples._groupFolds.Add(FoldOf(e.UserId, seed));
            examples._groupUsers.Add(examples.UserNumber(e.UserId));
            group++;
        }

        examples.GroupCount = group;
        return examples;
    }

    /// <summary>The user's number among the groups' users (a new one for a user not seen yet).</summary>
    private int UserNumber(string userId)
    {
        if (!_users.TryGetValue(userId, out var number))
        {
            _users[userId] = number = _users.Count;
        }

        return number;
    }
}
