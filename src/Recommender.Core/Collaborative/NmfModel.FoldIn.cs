using Recommender.Data;

namespace Recommender.Collaborative;

public sealed partial class NmfModel
{
    /// <summary>Coordinate sweeps of a fold-in; the per-user problem is small and convex, so this converges.</summary>
    internal const int FoldInSweeps = 12;

    private float[]? _userGram;

    /// <summary>
    /// Computes a factor vector for a user from their engagement weights, with the post factors held fixed
    /// (a small non-negative least-squares problem, solved as in training): for a user who is new, or whose
    /// engagements changed since training, without retraining. Entries with an unknown post (index -1 or out of
    /// range) or a weight that is not positive and finite are ignored; repeated posts are summed. With nothing
    /// left the result is all zeros.
    /// </summary>
    /// <param name="posts">Dense post indices.</param>
    /// <param name="weights">Their time-decayed engagement weights (as in <see cref="InteractionMatrix"/>).</param>
    /// <returns>A new array of <see cref="FactorCount"/> non-negative factors.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public float[] FoldIn(ReadOnlySpan<int> posts, ReadOnlySpan<float> weights)
    {
        if (posts.Length != weights.Length)
        {
            throw new ArgumentException("posts and weights must have the same length.", nameof(weights));
        }

        var pairs = new SortedDictionary<int, float>();
        for (var i = 0; i < posts.Length; i++)
        {
            var p = posts[i];
            var w = weights[i];
            if ((uint)p < (uint)Posts.Count && float.IsFinite(w) && w > 0f)
            {
                pairs[p] = pairs.TryGetValue(p, out var sum) ? sum + w : w;
            }
        }

        var x = new float[FactorCount];
        if (pairs.Count == 0)
        {
            return x;
        }

        var solver = new NmfRowSolver(FactorCount, Summary.Objective, Summary.Alpha, Summary.Regularization, Summary.MeanWeight);
        solver.Solve(x, [.. pairs.Keys], [.. pairs.Values], _postFactors, _postGram, FoldInSweeps);
        return x;
    }

    /// <summary>
    /// Factors for a post the model was not trained on, from the users who engaged with it (the user factors held
    /// fixed: the same small problem as <see cref="FoldIn(ReadOnlySpan{int}, ReadOnlySpan{float})"/>, transposed).
    /// Unknown users and weights that are not positive and finite are ignored; repeated users are summed.
    /// </summary>
    /// <param name="users">Dense user indices.</param>
    /// <param name="weights">Their engagement weights.</param>
    internal float[] FoldInPost(ReadOnlySpan<int> users, ReadOnlySpan<float> weights)
    {
        var pairs = new SortedDictionary<int, float>();
        for (var i = 0; i < users.Length; i++)
        {
            var u = users[i];
            var w = weights[i];
            if ((uint)u < (uint)Users.Count && float.IsFinite(w) && w > 0f)
            {
                pairs[u] = pairs.TryGetValue(u, out var sum) ? sum + w : w;
            }
        }

        var x = new float[FactorCount];
        if (pairs.Count == 0)
        {
            return x;
        }

        var solver = new NmfRowSolver(FactorCount, Summary.Objective, Summary.Alpha, Summary.Regularization, Summary.MeanWeight);
        solver.Solve(x, [.. pairs.Keys], [.. pairs.Values], _userFactors, UserGram(), FoldInSweeps);
        return x;
    }

    /// <summary>UᵀU of the user factors, computed once.</summary>
    private float[] UserGram()
    {
        if (Volatile.Read(ref _userGram) is { } gram)
        {
            return gram;
        }

        var k = FactorCount;
        var sums = new double[k * k];
        for (var u = 0; u < Users.Count; u++)
        {
            var f = GetUserFactors(u);
            for (var a = 0; a < k; a++)
            {
                var fa = f[a];
                if (fa == 0f)
                {
                    continue;
                }

                for (var b = 0; b < k; b++)
                {
                    sums[(a * k) + b] += fa * f[b];
                }
            }
        }

        var result = new float[k * k];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)sums[i];
        }

        Volatile.Write(ref _userGram, result);
        return result;
    }

    /// <summary>
    /// Folds in a user from their raw engagement history: weights by kind and decays by age as training does,
    /// then solves as <see cref="FoldIn(ReadOnlySpan{int}, ReadOnlySpan{float})"/>. Posts unknown to the model are
    /// ignored; negative feedback does not contribute.
    /// </summary>
    /// <param name="history">The user's engagements (the user id is not checked).</param>
    /// <param name="weighting">Kind weights and half-life; null for the defaults.</param>
    /// <param name="timeProvider">The clock for decay; null for <see cref="TimeProvider.System"/>.</param>
    public float[] FoldIn(IEnumerable<Engagement> history, EngagementWeightingOptions? weighting = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var builder = new InteractionMatrixBuilder(weighting, timeProvider);
        foreach (var e in history)
        {
            builder.Add(e with { UserId = "u" });
        }

        var matrix = builder.Build();
        if (matrix.Users.Count == 0)
        {
            return new float[FactorCount];
        }

        var local = matrix.GetUserPosts(0);
        var posts = new int[local.Length];
        for (var i = 0; i < local.Length; i++)
        {
            posts[i] = Posts.IndexOf(matrix.Posts[local[i]]);
        }

        return FoldIn(posts, matrix.GetUserWeights(0));
    }
}
