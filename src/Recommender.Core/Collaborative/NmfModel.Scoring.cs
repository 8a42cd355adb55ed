using System.Buffers;
using System.Numerics.Tensors;

namespace Recommender.Collaborative;

public sealed partial class NmfModel
{
    /// <summary>The affinity of a user to a post.</summary>
    /// <param name="user">The user's dense index.</param>
    /// <param name="post">The post's dense index.</param>
    public float Score(int user, int post) => TensorPrimitives.Dot(GetUserFactors(user), GetPostFactors(post));

    /// <summary>The affinity of a user to a post by id; false when either is unknown to the model.</summary>
    /// <param name="userId">The host's user id.</param>
    /// <param name="postId">The host's post id.</param>
    /// <param name="score">The score when both are known, else 0.</param>
    public bool TryScore(string userId, string postId, out float score)
    {
        if (Users.TryGetIndex(userId, out var u) && Posts.TryGetIndex(postId, out var p))
        {
            score = Score(u, p);
            return true;
        }

        score = 0f;
        return false;
    }

    /// <summary>
    /// Scores posts for a factor vector (a known user's, or one from <see cref="FoldIn(ReadOnlySpan{int}, ReadOnlySpan{float})"/>).
    /// A negative post index (unknown to the model) scores 0.
    /// </summary>
    /// <param name="userFactors">k factors.</param>
    /// <param name="posts">Dense post indices, or -1 for unknown posts.</param>
    /// <param name="destination">Receives one score per post.</param>
    /// <exception cref="ArgumentException">Lengths do not match.</exception>
    public void Score(ReadOnlySpan<float> userFactors, ReadOnlySpan<int> posts, Span<float> destination)
    {
        CheckFactors(userFactors);
        if (destination.Length < posts.Length)
        {
            throw new ArgumentException("The destination is shorter than the posts.", nameof(destination));
        }

        for (var i = 0; i < posts.Length; i++)
        {
            var p = posts[i];
            destination[i] = (uint)p < (uint)Posts.Count ? TensorPrimitives.Dot(userFactors, GetPostFactors(p)) : 0f;
        }
    }

    /// <summary>
    /// The best <paramref name="count"/> posts for a user by id, best first, leaving out what the user engaged
    /// with or hid at training time and what <paramref name="exclude"/> rejects. An unknown user gets an empty
    /// list (collaborative filtering knows nothing of them; see fold-in and the hybrid ranker for cold start).
    /// </summary>
    /// <param name="userId">The host's user id.</param>
    /// <param name="count">How many posts at most; 0 or more (more than the catalogue means all of it).</param>
    /// <param name="exclude">Returns true for post ids to leave out; null for none.</param>
    public IReadOnlyList<ScoredPost> Recommend(string userId, int count, Func<string, bool>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Posts.Count);
        if (!Users.TryGetIndex(userId, out var u) || count == 0)
        {
            return [];
        }

        var buffer = ArrayPool<ScoredIndex>.Shared.Rent(count);
        try
        {
            var n = Recommend(GetUserFactors(u), GetSeenPosts(u), buffer.AsSpan(0, count), exclude is null ? null : p => exclude(Posts[p]));
            var result = new ScoredPost[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = new ScoredPost(Posts[buffer[i].Index], buffer[i].Score);
            }

            return result;
        }
        finally
        {
            ArrayPool<ScoredIndex>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Allocation-free top-N over every post: fills <paramref name="destination"/> best first (score descending,
    /// ties by lower index) and returns how many were written.
    /// </summary>
    /// <param name="userFactors">k factors.</param>
    /// <param name="excluded">Dense post indices to leave out (any order; out-of-range values are ignored).</param>
    /// <param name="destination">Its length is the number wanted (at most the number of posts are written).</param>
    /// <param name="exclude">An optional extra filter by dense index.</param>
    public int Recommend(ReadOnlySpan<float> userFactors, ReadOnlySpan<int> excluded, Span<ScoredIndex> destination, Predicate<int>? exclude = null)
    {
        CheckFactors(userFactors);
        var n = Math.Min(destination.Length, Posts.Count);
        if (n == 0)
        {
            return 0;
        }

        var posts = Posts.Count;
        var words = (posts + 63) >> 6;
        var maskArray = ArrayPool<ulong>.Shared.Rent(words);
        var scoreArray = ArrayPool<float>.Shared.Rent(n);
        var indexArray = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var mask = maskArray.AsSpan(0, words);
            mask.Clear();
            foreach (var p in excluded)
            {
                if ((uint)p < (uint)posts)
                {
                    mask[p >> 6] |= 1UL << (p & 63);
                }
            }

            var top = new TopN(scoreArray.AsSpan(0, n), indexArray.AsSpan(0, n));
            var k = FactorCount;
            var factors = _postFactors.AsSpan();
            for (var p = 0; p < posts; p++)
            {
                if ((mask[p >> 6] & (1UL << (p & 63))) != 0)
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(userFactors, factors.Slice(p * k, k));
                if (top.IsFull && score <= top.Threshold)
                {
                    continue;
                }

                if (exclude is not null && exclude(p))
                {
                    continue;
                }

                top.Offer(score, p);
            }

            return top.Drain(destination);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(maskArray);
            ArrayPool<float>.Shared.Return(scoreArray);
            ArrayPool<int>.Shared.Return(indexArray);
        }
    }

    /// <summary>
    /// The posts most similar to a post by the cosine of their factor vectors, best first, without the post
    /// itself. An unknown post, or one the model learned nothing about (all-zero factors), gets an empty list.
    /// </summary>
    /// <param name="postId">The host's post id.</param>
    /// <param name="count">How many posts at most; 0 or more (more than the catalogue means all of it).</param>
    public IReadOnlyList<ScoredPost> SimilarPosts(string postId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Posts.Count);
        if (!Posts.TryGetIndex(postId, out var q) || count == 0 || _postNorms[q] == 0f)
        {
            return [];
        }

        var scoreArray = ArrayPool<float>.Shared.Rent(count);
        var indexArray = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var top = new TopN(scoreArray.AsSpan(0, count), indexArray.AsSpan(0, count));
            var query = GetPostFactors(q);
            var queryNorm = _postNorms[q];
            for (var p = 0; p < Posts.Count; p++)
            {
                if (p == q || _postNorms[p] == 0f)
                {
                    continue;
                }

                top.Offer(TensorPrimitives.Dot(query, GetPostFactors(p)) / (queryNorm * _postNorms[p]), p);
            }

            var drained = new ScoredIndex[top.Count];
            var n = top.Drain(drained);
            var result = new ScoredPost[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = new ScoredPost(Posts[drained[i].Index], drained[i].Score);
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scoreArray);
            ArrayPool<int>.Shared.Return(indexArray);
        }
    }

    private void CheckFactors(ReadOnlySpan<float> userFactors)
    {
        if (userFactors.Length != FactorCount)
        {
            throw new ArgumentException($"Expected {FactorCount} factors, got {userFactors.Length}.", nameof(userFactors));
        }
    }
}
