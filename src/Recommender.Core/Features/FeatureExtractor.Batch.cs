using System.Numerics.Tensors;
using Recommender.Content;
using Recommender.Data;

namespace Recommender.Features;

public sealed partial class FeatureExtractor
{
    /// <summary>
    /// Resolves a user once per request: their index in the store and in each model, and optional replacements for
    /// what the models know (a profile or NMF factors folded in from a recent history).
    /// </summary>
    /// <param name="userId">The host's user id (null or unknown gives cold-start values).</param>
    /// <param name="profile">A content profile to use instead of the model's (for a new or changed user); null for the model's.</param>
    /// <param name="collaborativeFactors">NMF factors to use instead of the model's (from fold-in); null for the model's.</param>
    internal PairUser ResolveUser(string? userId, ContentProfile? profile = null, float[]? collaborativeFactors = null) => new(
        Store.Users.IndexOf(userId),
        Content?.Users.IndexOf(userId) ?? -1,
        Collaborative?.Users.IndexOf(userId) ?? -1,
        profile,
        collaborativeFactors);

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
    /// at <c>destination[i * PairFeatureColumns.Count ..]</c>. Allocation-free once the thread's scratch is warm;
    /// "now" is read once. Candidate i is the store's post <c>posts[i]</c> when that is 0 or more, else the new post
    /// <c>candidates[i]</c> (required then). When a <see cref="Post"/> is given for a known post too, its
    /// <see cref="Post.CreatedAt"/> is used for age and freshness (the host's copy wins); statistics come from the store.
    /// </summary>
    /// <param name="user">From <see cref="ResolveUser"/>.</param>
    /// <param name="posts">Store post indices, or -1 for new posts.</param>
    /// <param name="candidates">The posts (may be empty when every index is known, or hold nulls for known ones).</param>
    /// <param name="destination">At least N × <see cref="PairFeatureColumns.Count"/> floats.</param>
    /// <exception cref="ArgumentException">The destination is too short, or a new candidate has no post.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A post index is beyond the store.</exception>
    internal void FillPairFeatures(in PairUser user, ReadOnlySpan<int> posts, ReadOnlySpan<Post?> candidates, Span<float> destination)
    {
        const int F = PairFeatureColumns.Count;
        if (destination.Length < posts.Length * F)
        {
            throw new ArgumentException($"The destination needs {posts.Length * F} floats, has {destination.Length}.", nameof(destination));
        }

        var d = _data;
        var store = Store;
        var nowTicks = TimeProvider.GetUtcNow().UtcTicks;
        var hour = (int)(nowTicks / TimeSpan.TicksPerHour % 24);
        var u = user.StoreUser;
        var userKnown = u >= 0 ? 1f : 0f;
        var timeMatch = TimeMatch(u, hour);
        ReadOnlySpan<int> seen = default, shareIdx = default, follows = default;
        ReadOnlySpan<float> shareValues = default;
        if (u >= 0)
        {
            seen = FeatureStore.Row(d.SeenPtr, d.SeenIdx, u);
            shareIdx = FeatureStore.Row(d.SharePtr, d.ShareIdx, u);
            shareValues = FeatureStore.Row(d.SharePtr, d.ShareValues, u);
            follows = FeatureStore.Row(d.FollowPtr, d.FollowIdx, u);
        }

        var nmf = Collaborative;
        ReadOnlySpan<float> factors = default;
        if (nmf is not null)
        {
            factors = user.CollaborativeFactors is { } f ? f : user.CollaborativeUser >= 0 ? nmf.GetUserFactors(user.CollaborativeUser) : default;
            if (factors.Length != nmf.FactorCount)
            {
                factors = default;
            }
        }

        var content = Content;
        var scorer = content is null ? default
            : user.Profile is { } profile ? content.CreateScorer(profile)
            : content.CreateScorer(user.ContentUser);
        try
        {
            var postToContent = _postToContent;
            var postToNmf = _postToCollaborative;
            var inverseHalfLife = 1f / _freshnessHalfLifeHours;
            for (var i = 0; i < posts.Length; i++)
            {
                var row = destination.Slice(i * F, F);
                var p = posts[i];
                var post = i < candidates.Length ? candidates[i] : null;
                long created;
                int author;
                float contentScore = 0f, hasContent = 0f, collaborative = 0f, hasCollaborative = 0f;
                float alreadySeen = 0f, popularity = 0f, velocity = 0f, postKnown;
                if (p >= 0)
                {
                    if (p >= d.PostCreated.Length)
                    {
                        throw new ArgumentOutOfRangeException(nameof(posts), p, "A post index is beyond the feature store.");
                    }

                    postKnown = 1f;
                    created = post?.CreatedAt.UtcTicks ?? d.PostCreated[p];
                    author = d.PostAuthor[p];
                    if (scorer.HasProfile)
                    {
                        var cp = postToContent![p];
                        if (cp >= 0)
                        {
                            if (content!.HasTerms(cp))
                            {
                                contentScore = scorer.Score(cp);
                                hasContent = 1f;
                            }
                        }
                        else if (post is not null)
                        {
                            contentScore = scorer.Score(post, out var has);
                            hasContent = has ? 1f : 0f;
                        }
                    }

                    if (!factors.IsEmpty)
                    {
                        var np = postToNmf![p];
                        if (np >= 0)
                        {
                            collaborative = TensorPrimitives.Dot(factors, nmf!.GetPostFactors(np));
                            hasCollaborative = 1f;
                        }
                    }

                    alreadySeen = seen.BinarySearch(p) >= 0 ? 1f : 0f;
                    popularity = store.PostPopularityLog[p];
                    velocity = store.PostVelocityPositive[p];
                }
                else
                {
                    if (post is null)
                    {
                        throw new ArgumentException($"Candidate {i} is new (index {p}) but no post was given for it.", nameof(candidates));
                    }

                    postKnown = 0f;
                    created = post.CreatedAt.UtcTicks;
                    author = string.IsNullOrEmpty(post.AuthorId) ? -1 : d.Authors.IndexOf(post.AuthorId);
                    if (scorer.HasProfile)
                    {
                        var cp = content!.Posts.IndexOf(post.Id);
                        if (cp >= 0)
                        {
                            contentScore = scorer.Score(cp);
                            hasContent = content.HasTerms(cp) ? 1f : 0f;
                        }
                        else
                        {
                            contentScore = scorer.Score(post, out var has);
                            hasContent = has ? 1f : 0f;
                        }
                    }

                    if (!factors.IsEmpty && nmf!.Posts.TryGetIndex(post.Id, out var np))
                    {
                        collaborative = TensorPrimitives.Dot(factors, nmf.GetPostFactors(np));
                        hasCollaborative = 1f;
                    }
                }

                var share = 0f;
                var followsAuthor = 0f;
                var authorPopularity = 0f;
                if (author >= 0)
                {
                    var k = shareIdx.BinarySearch(author);
                    share = k >= 0 ? shareValues[k] : 0f;
                    followsAuthor = follows.BinarySearch(author) >= 0 ? 1f : 0f;
                    authorPopularity = store.AuthorPopularityLog[author];
                }

                var ageHours = Math.Max(0L, nowTicks - created) / (float)TimeSpan.TicksPerHour;
                row[PairFeatureColumns.CollaborativeScore] = collaborative;
                row[PairFeatureColumns.HasCollaborativeScore] = hasCollaborative;
                row[PairFeatureColumns.ContentSimilarity] = contentScore;
                row[PairFeatureColumns.HasContentSimilarity] = hasContent;
                row[PairFeatureColumns.AuthorEngagementShare] = share;
                row[PairFeatureColumns.FollowsAuthor] = followsAuthor;
                row[PairFeatureColumns.AuthorAffinity] = 0.5f * (share + followsAuthor);
                row[PairFeatureColumns.TimeMatch] = timeMatch;
                row[PairFeatureColumns.Freshness] = float.Exp2(-ageHours * inverseHalfLife);
                row[PairFeatureColumns.AlreadySeen] = alreadySeen;
                row[PairFeatureColumns.UserKnown] = userKnown;
                row[PairFeatureColumns.PostKnown] = postKnown;
                row[PairFeatureColumns.PostAgeHours] = ageHours;
                row[PairFeatureColumns.PostPopularity] = popularity;
                row[PairFeatureColumns.PostVelocity] = velocity;
                row[PairFeatureColumns.AuthorPopularity] = authorPopularity;
            }
        }
        finally
        {
            scorer.Dispose();
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
internal readonly struct PairUser(int storeUser, int contentUser, int collaborativeUser, ContentProfile? profile, float[]? collaborativeFactors)
{
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
}
