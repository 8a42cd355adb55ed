using System.Buffers;
using System.Numerics.Tensors;
using Recommender.Content;
using Recommender.Data;

namespace Recommender.Features;

public sealed partial class FeatureExtractor
{
    private const float HoursPerTick = 1f / TimeSpan.TicksPerHour;

    /// <summary>Up to this many candidates, co-engagement is scored through a small table of them (see <see cref="CoEngagementGraph.ScoreFew"/>).</summary>
    private const int FewCandidates = 2048;

    /// <summary>
    /// Resolves a user once per request: their index in the store and in each model, and optional replacements for
    /// what the models know (a profile or NMF factors folded in from a recent history).
    /// </summary>
    /// <param name="userId">The host's user id (null or unknown gives cold-start values).</param>
    /// <param name="profile">A content profile to use instead of the model's (for a new or changed user); null for the model's.</param>
    /// <param name="collaborativeFactors">NMF factors to use instead of the model's (from fold-in); null for the model's.</param>
    /// <param name="coEngagementHistory">Store post indices the co-engagement score starts from instead of the store's history; null for the store's.</param>
    /// <param name="live">Engagements recorded since training, per post; null for none (statistics as trained).</param>
    internal PairUser ResolveUser(string? userId, ContentProfile? profile = null, float[]? collaborativeFactors = null, int[]? coEngagementHistory = null, LivePosts? live = null) => new(
        Store.Users.IndexOf(userId),
        Content?.Users.IndexOf(userId) ?? -1,
        Collaborative?.Users.IndexOf(userId) ?? -1,
        profile,
        collaborativeFactors,
        coEngagementHistory)
    {
        Live = live is { IsEmpty: false } ? live : null,
    };

    /// <summary>True when the store records the user engaging with (or hiding) the post.</summary>
    internal bool IsSeen(in PairUser user, string postId)
    {
        if (user.StoreUser < 0 || !Store.Posts.TryGetIndex(postId, out var p))
        {
            return false;
        }

        return FeatureStore.Row(_data.SeenPtr, _data.SeenIdx, user.StoreUser).BinarySearch(p) >= 0;
    }

    /// <summary>Fills the store's dense post index of each candidate by id (-1 for posts the store does not know).</summary>
    internal void ResolvePosts(ReadOnlySpan<Post> candidates, Span<int> destination)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            destination[i] = Store.Posts.IndexOf(candidates[i].Id);
        }
    }

    /// <summary>
    /// Fills the pair-feature matrix of one user and N candidates: row i, columns as <see cref="PairFeatureColumns"/>,
    /// at <c>destination[i * PairFeatureColumns.Count ..]</c>. Allocation-free once the thread's scratch is warm and
    /// new posts have been vectorised once; "now" is read once. Candidate i is the store's post <c>posts[i]</c> when
    /// that is 0 or more, else the new post <c>candidates[i]</c> (required then). When a <see cref="Post"/> is given
    /// for a known post too, its <see cref="Post.CreatedAt"/> is used for age and freshness (the host's copy wins);
    /// statistics come from the store. Works in column passes (basics, content, collaborative) so that each loop
    /// stays small and fast.
    /// </summary>
    /// <param name="user">From <see cref="ResolveUser"/>.</param>
    /// <param name="posts">Store post indices, or -1 for new posts.</param>
    /// <param name="candidates">The posts (may be empty when every index is known, or hold nulls for known ones).</param>
    /// <param name="destination">At least N × <see cref="PairFeatureColumns.Count"/> floats.</param>
    /// <param name="authors">When not empty, receives each candidate's author as a store author index (-1 when the store does not know it).</param>
    /// <exception cref="ArgumentException">The destination is too short, or a new candidate has no post.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A post index is beyond the store.</exception>
    internal void FillPairFeatures(in PairUser user, ReadOnlySpan<int> posts, ReadOnlySpan<Post?> candidates, Span<float> destination, Span<int> authors = default)
    {
        const int F = PairFeatureColumns.Count;
        if (destination.Length < posts.Length * F)
        {
            throw new ArgumentException($"The destination needs {posts.Length * F} floats, has {destination.Length}.", nameof(destination));
        }

        if (!authors.IsEmpty && authors.Length < posts.Length)
        {
            throw new ArgumentException($"The author destination needs {posts.Length} slots, has {authors.Length}.", nameof(authors));
        }

        var d = _data;
        for (var i = 0; i < posts.Length; i++)
        {
            var p = posts[i];
            if (p >= d.PostCreated.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(posts), p, "A post index is beyond the feature store.");
            }

            if (p < 0 && (i >= candidates.Length || candidates[i] is null))
            {
                throw new ArgumentException($"Candidate {i} is new (index {p}) but no post was given for it.", nameof(candidates));
            }
        }

        var u = user.StoreUser;
        ReadOnlySpan<int> seen = default, shareIdx = default, follows = default;
        ReadOnlySpan<float> shareValues = default;
        if (u >= 0)
        {
            seen = FeatureStore.Row(d.SeenPtr, d.SeenIdx, u);
            shareIdx = FeatureStore.Row(d.SharePtr, d.ShareIdx, u);
            shareValues = FeatureStore.Row(d.SharePtr, d.ShareValues, u);
            follows = FeatureStore.Row(d.FollowPtr, d.FollowIdx, u);
        }

        // Many candidates: scatter the user's seen posts, author shares and follows into per-thread tables
        // (a load per candidate instead of a binary search); few candidates or a huge history: binary search.
        // Engagements recorded since training: each candidate's entry is looked up once, read by two passes (an
        // exception before the second leaves the rented array to the collector).
        var found = user.Live is null ? null : ArrayPool<LivePost?>.Shared.Rent(posts.Length);
        var seenBits = u >= 0 && seen.Length <= posts.Length * 16;
        var authorTables = u >= 0 && shareIdx.Length + follows.Length <= posts.Length * 16;
        var scratch = seenBits || authorTables ? PairScratch.Rent() : null;
        try
        {
            if (seenBits)
            {
                scratch!.LoadSeen(seen, d.PostCreated.Length);
            }

            if (authorTables)
            {
                scratch!.LoadAuthors(shareIdx, shareValues, follows, d.AuthorPosts.Length);
            }

            var lookups = new UserLookups(
                u,
                seenBits ? scratch!.Seen : default,
                seen,
                authorTables ? scratch!.Shares : default,
                authorTables ? scratch!.Follows : default,
                shareIdx,
                shareValues,
                follows);
            FillBasics(lookups, user.HasOverrides, user.Live, found, posts, candidates, destination, authors);
        }
        finally
        {
            if (scratch is not null)
            {
                if (seenBits)
                {
                    scratch.ClearSeen(seen);
                }

                if (authorTables)
                {
                    scratch.ClearAuthors(shareIdx, follows);
                }

                PairScratch.Return(scratch);
            }
        }

        if (Content is { } content)
        {
            var scorer = user.Profile is { } profile ? content.CreateScorer(profile) : content.CreateScorer(user.ContentUser);
            try
            {
                FillContent(content, scorer, posts, candidates, destination);
            }
            finally
            {
                scorer.Dispose();
            }
        }
        else
        {
            ClearColumns(destination, posts.Length, PairFeatureColumns.ContentSimilarity, PairFeatureColumns.HasContentSimilarity);
        }

        try
        {
            FillCollaborative(user, found, posts, candidates, destination);
        }
        finally
        {
            Return(found, posts.Length);
        }

        FillCoEngagement(user, posts, destination);
    }

    private static void Return(LivePost?[]? found, int used)
    {
        if (found is not null)
        {
            found.AsSpan(0, Math.Min(used, found.Length)).Clear();
            ArrayPool<LivePost?>.Shared.Return(found);
        }
    }

    /// <summary>The co-engagement score and its flag, scattered from the user's history through a per-thread accumulator.</summary>
    private void FillCoEngagement(in PairUser user, ReadOnlySpan<int> posts, Span<float> destination)
    {
        const int F = PairFeatureColumns.Count;
        var graph = _data.CoEngagement;
        if (posts.IsEmpty)
        {
            return;
        }

        var scores = destination[PairFeatureColumns.CoEngagementScore..];
        var present = destination[PairFeatureColumns.HasCoEngagementScore..];
        var history = graph.ScoringHistory(user.StoreUser, user.CoEngagementHistory);
        if (graph.IsEmpty || history.IsEmpty)
        {
            graph.Score([], posts, scores, present, F, default);
            return;
        }

        // Few candidates: a small table of them; many (evaluation, pools): the dense scatter over every post.
        var scratch = PairScratch.Rent();
        try
        {
            if (posts.Length <= FewCandidates)
            {
                var size = scratch.CoEngagementTable(graph.Posts, posts.Length, out var marks, out var keys, out var sums);
                graph.ScoreFew(history, posts, scores, present, F, marks, keys.AsSpan(0, size), sums.AsSpan(0, size));
            }
            else
            {
                graph.Score(history, posts, scores, present, F, scratch.CoEngagement(graph.Posts));
            }
        }
        finally
        {
            PairScratch.Return(scratch);
        }
    }

    /// <summary>Every column but content and collaborative ones: author, time, freshness, seen, candidate statistics.</summary>
    private void FillBasics(in UserLookups user, bool foldedIn, LivePosts? live, LivePost?[]? found, ReadOnlySpan<int> posts, ReadOnlySpan<Post?> candidates, Span<float> destination, Span<int> authors)
    {
        var writeAuthors = !authors.IsEmpty;
        const int F = PairFeatureColumns.Count;
        var d = _data;
        var store = Store;
        var nowTicks = TimeProvider.GetUtcNow().UtcTicks;
        var timeMatch = TimeMatch(user.User, (int)(nowTicks / TimeSpan.TicksPerHour % 24));
        var userKnown = user.User >= 0 || foldedIn ? 1f : 0f;
        var records = _records;
        var authorPopularityLog = store.AuthorPopularityLog;
        var decayPerHour = -MathF.Log(2f) / _freshnessHalfLifeHours;
        for (var i = 0; i < posts.Length; i++)
        {
            var row = destination.Slice(i * F, F);
            var p = posts[i];
            var post = i < candidates.Length ? candidates[i] : null;
            long created;
            int author;
            float alreadySeen = 0f, popularity = 0f, velocity = 0f, postKnown = 0f;
            if (p >= 0)
            {
                ref readonly var record = ref records[p];
                postKnown = 1f;
                created = post?.CreatedAt.UtcTicks ?? record.CreatedTicks;
                author = record.Author;
                alreadySeen = user.IsSeen(p);
                popularity = record.Popularity;
                velocity = record.Velocity;
            }
            else
            {
                created = post!.CreatedAt.UtcTicks;
                author = string.IsNullOrEmpty(post.AuthorId) ? -1 : d.Authors.IndexOf(post.AuthorId);
            }

            if (live?.Find(post?.Id ?? store.Posts[p]) is { } recorded)
            {
                found![i] = recorded;
                (popularity, velocity) = Live(recorded, p, created, nowTicks, popularity, velocity);
            }

            if (writeAuthors)
            {
                authors[i] = author;
            }

            float share = 0f, followsAuthor = 0f, authorPopularity = 0f;
            if (author >= 0)
            {
                (share, followsAuthor) = user.Author(author);
                authorPopularity = authorPopularityLog[author];
            }

            var ageHours = Math.Max(0L, nowTicks - created) * HoursPerTick;
            row[PairFeatureColumns.AuthorPopularity] = authorPopularity;
            row[PairFeatureColumns.PostVelocity] = velocity;
            row[PairFeatureColumns.PostPopularity] = popularity;
            row[PairFeatureColumns.PostAgeHours] = ageHours;
            row[PairFeatureColumns.PostKnown] = postKnown;
            row[PairFeatureColumns.UserKnown] = userKnown;
            row[PairFeatureColumns.AlreadySeen] = alreadySeen;
            row[PairFeatureColumns.Freshness] = MathF.Exp(ageHours * decayPerHour);
            row[PairFeatureColumns.TimeMatch] = timeMatch;
            row[PairFeatureColumns.AuthorAffinity] = 0.5f * (share + followsAuthor);
            row[PairFeatureColumns.FollowsAuthor] = followsAuthor;
            row[PairFeatureColumns.AuthorEngagementShare] = share;
        }
    }

    /// <summary>Content similarity and its flag: a training post's stored vector, or a new post's cached one.</summary>
    private void FillContent(ContentModel content, in ContentScorer scorer, ReadOnlySpan<int> posts, ReadOnlySpan<Post?> candidates, Span<float> destination)
    {
        const int F = PairFeatureColumns.Count;
        if (!scorer.HasProfile)
        {
            ClearColumns(destination, posts.Length, PairFeatureColumns.ContentSimilarity, PairFeatureColumns.HasContentSimilarity);
            return;
        }

        var records = _records;
        for (var i = 0; i < posts.Length; i++)
        {
            var p = posts[i];
            var post = i < candidates.Length ? candidates[i] : null;
            float score = 0f, has = 0f;
            if (p >= 0 && records[p].ContentLength >= 0)
            {
                ref readonly var record = ref records[p];
                score = scorer.ScoreRange(record.ContentStart, record.ContentLength);
                has = record.ContentLength > 0 ? 1f : 0f;
            }
            else if (post is not null)
            {
                var cp = p >= 0 ? -1 : content.Posts.IndexOf(post.Id);
                bool hasTerms;
                score = cp >= 0 ? scorer.Score(cp, out hasTerms) : scorer.Score(post, out hasTerms);
                has = hasTerms ? 1f : 0f;
            }

            destination[(i * F) + PairFeatureColumns.ContentSimilarity] = score;
            destination[(i * F) + PairFeatureColumns.HasContentSimilarity] = has;
        }
    }

    /// <summary>The NMF dot product and its flag.</summary>
    /// <summary>
    /// Popularity and velocity with the engagements recorded since training: the trained positive count plus the
    /// recorded positives after the store's reference time; velocity the recorded positives of the last velocity window
    /// per hour of it (of the post's age when younger), plus the trained velocity for the part of the window before the
    /// reference time.
    /// </summary>
    private (float Popularity, float Velocity) Live(LivePost recorded, int p, long created, long nowTicks, float popularity, float velocity)
    {
        var reference = _data.ReferenceTime.UtcTicks;
        var window = _data.Options.VelocityWindow.Ticks;
        var (since, inWindow) = recorded.Positives(reference, nowTicks - window, nowTicks);
        if (since == 0)
        {
            return (popularity, velocity);
        }

        var trained = p >= 0 ? Store.PostPositive[p] : 0;
        var hours = Math.Clamp((nowTicks - created) * (double)HoursPerTick, 1.0, Math.Max(1.0, window / (double)TimeSpan.TicksPerHour));
        var carried = p >= 0 ? velocity * (float)Math.Clamp(1.0 - ((nowTicks - reference) / (double)window), 0.0, 1.0) : 0f;
        return (MathF.Log(1f + trained + since), carried + (float)(inWindow / hours));
    }

    private void FillCollaborative(in PairUser user, LivePost?[]? found, ReadOnlySpan<int> posts, ReadOnlySpan<Post?> candidates, Span<float> destination)
    {
        const int F = PairFeatureColumns.Count;
        var nmf = Collaborative;
        ReadOnlySpan<float> factors = default;
        if (nmf is not null)
        {
            factors = user.CollaborativeFactors is { } f ? f : user.CollaborativeUser >= 0 ? nmf.GetUserFactors(user.CollaborativeUser) : default;
        }

        if (nmf is null || factors.Length != nmf.FactorCount || factors.IsEmpty)
        {
            ClearColumns(destination, posts.Length, PairFeatureColumns.CollaborativeScore, PairFeatureColumns.HasCollaborativeScore);
            return;
        }

        var records = _records;
        var k = nmf.FactorCount;
        var all = nmf.AllPostFactors;
        for (var i = 0; i < posts.Length; i++)
        {
            var p = posts[i];
            var np = p >= 0 ? records[p].CollaborativePost : nmf.Posts.IndexOf(candidates[i]!.Id);
            float score = 0f, has = 0f;
            if (np >= 0)
            {
                score = TensorPrimitives.Dot(factors, all.Slice(np * k, k));
                has = 1f;
            }
            else if (found?[i]?.FoldedFactors(nmf) is { } folded)
            {
                // A post the model does not know, with engagements recorded since: factors from the users who engaged.
                score = TensorPrimitives.Dot(factors, folded);
                has = 1f;
            }

            destination[(i * F) + PairFeatureColumns.CollaborativeScore] = score;
            destination[(i * F) + PairFeatureColumns.HasCollaborativeScore] = has;
        }
    }

    private static void ClearColumns(Span<float> destination, int rows, int first, int second)
    {
        const int F = PairFeatureColumns.Count;
        for (var i = 0; i < rows; i++)
        {
            destination[(i * F) + first] = 0f;
            destination[(i * F) + second] = 0f;
        }
    }

    /// <summary>
    /// <c>(userCount[h] + m × globalShare[h]) / (userTotal + m)</c>; the global share for an unknown user or one
    /// without activity when m is 0.
    /// </summary>
    internal float TimeMatch(int user, int hour)
    {
        var global = Store.GlobalHourShare[hour];
        if (user < 0)
        {
            return global;
        }

        var hours = _data.UserHours.AsSpan(user * 24, 24);
        long total = 0;
        foreach (var c in hours)
        {
            total += c;
        }

        var denominator = total + _prior;
        return denominator > 0f ? (hours[hour] + (_prior * global)) / denominator : global;
    }
}

/// <summary>A user resolved once per ranking request (see <see cref="FeatureExtractor.ResolveUser"/>).</summary>
internal readonly struct PairUser(int storeUser, int contentUser, int collaborativeUser, ContentProfile? profile, float[]? collaborativeFactors, int[]? coEngagementHistory = null)
{
    /// <summary>Store post indices replacing the user's co-engagement history, or null.</summary>
    public int[]? CoEngagementHistory { get; } = coEngagementHistory;

    /// <summary>True when engagements recorded since training replace part of what the models know (the user counts as known).</summary>
    public bool HasOverrides => Profile is not null || CollaborativeFactors is not null || CoEngagementHistory is not null;

    /// <summary>The user's index in the feature store, or -1.</summary>
    public int StoreUser { get; } = storeUser;

    /// <summary>The user's index in the content model, or -1.</summary>
    public int ContentUser { get; } = contentUser;

    /// <summary>The user's index in the NMF model, or -1.</summary>
    public int CollaborativeUser { get; } = collaborativeUser;

    /// <summary>A profile replacing the content model's, or null.</summary>
    public ContentProfile? Profile { get; } = profile;

    /// <summary>Factors replacing the NMF model's, or null.</summary>
    public float[]? CollaborativeFactors { get; } = collaborativeFactors;

    /// <summary>Engagements recorded since training, per post (not empty), or null.</summary>
    public LivePosts? Live { get; init; }
}

/// <summary>A user's seen posts, author shares and follows for one request: per-thread tables or sorted lists.</summary>
internal readonly ref struct UserLookups(
    int user,
    ReadOnlySpan<ulong> seenBits,
    ReadOnlySpan<int> seen,
    ReadOnlySpan<float> shareTable,
    ReadOnlySpan<ulong> followBits,
    ReadOnlySpan<int> shareIndices,
    ReadOnlySpan<float> shareValues,
    ReadOnlySpan<int> follows)
{
    private readonly ReadOnlySpan<ulong> _seenBits = seenBits;
    private readonly ReadOnlySpan<int> _seen = seen;
    private readonly ReadOnlySpan<float> _shareTable = shareTable;
    private readonly ReadOnlySpan<ulong> _followBits = followBits;
    private readonly ReadOnlySpan<int> _shareIndices = shareIndices;
    private readonly ReadOnlySpan<float> _shareValues = shareValues;
    private readonly ReadOnlySpan<int> _follows = follows;

    /// <summary>The user's store index, or -1.</summary>
    public int User { get; } = user;

    /// <summary>1 when the user engaged with the post at training time, else 0.</summary>
    public float IsSeen(int post)
    {
        if (!_seenBits.IsEmpty)
        {
            return (_seenBits[post >> 6] >> (post & 63)) & 1UL;
        }

        return _seen.BinarySearch(post) >= 0 ? 1f : 0f;
    }

    /// <summary>The user's engagement share of an author and whether they follow them (0 or 1).</summary>
    public (float Share, float Follows) Author(int author)
    {
        if (!_shareTable.IsEmpty)
        {
            return (_shareTable[author], (_followBits[author >> 6] >> (author & 63)) & 1UL);
        }

        var k = _shareIndices.BinarySearch(author);
        return (k >= 0 ? _shareValues[k] : 0f, _follows.BinarySearch(author) >= 0 ? 1f : 0f);
    }
}
