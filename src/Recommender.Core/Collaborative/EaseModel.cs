using MathNet.Numerics.LinearAlgebra;
using Recommender.Data;

namespace Recommender.Collaborative;

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a closed-form item-item model.
/// With X the user × post matrix of engagement weights and P = (XᵀX + λI)⁻¹, the item-item weights are
/// B = I − P·diag(P)⁻¹ (zero diagonal), and a user with history x scores post j as (xB)ⱼ = xⱼ − (xP)ⱼ / Pⱼⱼ.
/// <para>
/// It needs no user factors, so any history (a new user's too) scores without fold-in. The model keeps the smaller
/// of the two Gram matrices: XᵀX (posts × posts, the primal form) when posts are fewer than users, else XXᵀ
/// (users × users, the dual form through the Woodbury identity P = (I − Xᵀ(XXᵀ + λI)⁻¹X) / λ). Its memory is
/// 8·d² bytes for d = min(users, posts), so <see cref="TryFit"/> refuses a dimension above its limit and the
/// caller keeps NMF.
/// </para>
/// </summary>
internal sealed class EaseModel
{
    // Primal form: B (posts × posts), row-major. Dual form: the inverse of XXᵀ + λI (users × users) and the train
    // matrix's columns, with diag(P) precomputed.
    private readonly double[]? _b;
    private readonly Matrix<double>? _gramInverse;
    private readonly double[]? _diagP;
    private readonly InteractionMatrix _train;
    private readonly double _lambda;

    private EaseModel(InteractionMatrix train, double lambda, double[]? b, Matrix<double>? gramInverse, double[]? diagP)
    {
        _train = train;
        _lambda = lambda;
        _b = b;
        _gramInverse = gramInverse;
        _diagP = diagP;
    }

    /// <summary>The posts the model knows (the train matrix's columns).</summary>
    public IdIndex Posts => _train.Posts;

    /// <summary>The users of the train matrix.</summary>
    public IdIndex Users => _train.Users;

    /// <summary>True when the model holds the users × users Gram inverse (users fewer than posts).</summary>
    public bool IsDual => _gramInverse is not null;

    /// <summary>
    /// Fits the model, or returns null when min(users, posts) exceeds <paramref name="maxDimension"/> (the memory
    /// bound) or the matrix is empty.
    /// </summary>
    /// <param name="train">The train matrix; its positive weights are X.</param>
    /// <param name="lambda">The L2 regularisation, relative to the mean diagonal of XᵀX (&gt; 0).</param>
    /// <param name="maxDimension">The largest Gram matrix side to build.</param>
    /// <param name="cancellationToken">Stops training between phases.</param>
    public static EaseModel? TryFit(InteractionMatrix train, double lambda, int maxDimension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        var users = train.Users.Count;
        var posts = train.Posts.Count;
        if (users == 0 || posts == 0 || Math.Min(users, posts) > maxDimension)
        {
            return null;
        }

        // λ is relative to the mean diagonal of XᵀX (the mean squared weight mass of a post), so that it does not
        // depend on the scale of the weights (kind weights, decay).
        var sumOfSquares = 0d;
        foreach (var w in train.UserValues)
        {
            sumOfSquares += (double)w * w;
        }

        var absolute = lambda * Math.Max(sumOfSquares / posts, double.Epsilon);
        return posts <= users ? FitPrimal(train, absolute, cancellationToken) : FitDual(train, absolute, cancellationToken);
    }

    private static EaseModel FitPrimal(InteractionMatrix train, double lambda, CancellationToken cancellationToken)
    {
        var posts = train.Posts.Count;
        var gram = Matrix<double>.Build.Dense(posts, posts);
        for (var u = 0; u < train.Users.Count; u++)
        {
            var items = train.GetUserPosts(u);
            var weights = train.GetUserWeights(u);
            for (var a = 0; a < items.Length; a++)
            {
                for (var c = 0; c < items.Length; c++)
                {
                    gram[items[a], items[c]] += (double)weights[a] * weights[c];
                }
            }
        }

        for (var j = 0; j < posts; j++)
        {
            gram[j, j] += lambda;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var p = gram.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(posts));
        cancellationToken.ThrowIfCancellationRequested();
        var b = new double[posts * posts];
        for (var k = 0; k < posts; k++)
        {
            for (var j = 0; j < posts; j++)
            {
                b[(k * posts) + j] = k == j ? 0d : -p[k, j] / p[j, j];
            }
        }

        return new EaseModel(train, lambda, b, null, null);
    }

    private static EaseModel FitDual(InteractionMatrix train, double lambda, CancellationToken cancellationToken)
    {
        var users = train.Users.Count;
        var gram = Matrix<double>.Build.Dense(users, users);
        for (var j = 0; j < train.Posts.Count; j++)
        {
            var who = train.GetPostUsers(j);
            var weights = train.GetPostWeights(j);
            for (var a = 0; a < who.Length; a++)
            {
                for (var c = 0; c < who.Length; c++)
                {
                    gram[who[a], who[c]] += (double)weights[a] * weights[c];
                }
            }
        }

        for (var u = 0; u < users; u++)
        {
            gram[u, u] += lambda;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var inverse = gram.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(users));
        cancellationToken.ThrowIfCancellationRequested();

        // diag(P)ⱼ = (1 − Xⱼᵀ K⁻¹ Xⱼ) / λ, Xⱼ the post's column.
        var diagP = new double[train.Posts.Count];
        for (var j = 0; j < diagP.Length; j++)
        {
            var who = train.GetPostUsers(j);
            var weights = train.GetPostWeights(j);
            var quad = 0d;
            for (var a = 0; a < who.Length; a++)
            {
                var row = 0d;
                for (var c = 0; c < who.Length; c++)
                {
                    row += inverse[who[a], who[c]] * weights[c];
                }

                quad += weights[a] * row;
            }

            diagP[j] = (1d - quad) / lambda;
        }

        return new EaseModel(train, lambda, null, inverse, diagP);
    }

    /// <summary>
    /// Scores candidate posts for a history. Posts the model never saw score 0; so does everything for an empty
    /// history.
    /// </summary>
    /// <param name="historyPosts">The history's post indices (into <see cref="Posts"/>).</param>
    /// <param name="historyWeights">Their positive weights.</param>
    /// <param name="candidates">Candidate post indices into <see cref="Posts"/>; a negative index scores 0.</param>
    /// <param name="scores">Receives one score per candidate.</param>
    public void Score(ReadOnlySpan<int> historyPosts, ReadOnlySpan<float> historyWeights, ReadOnlySpan<int> candidates, Span<float> scores)
    {
        scores[..candidates.Length].Clear();
        if (historyPosts.IsEmpty)
        {
            return;
        }

        if (_b is not null)
        {
            var posts = _train.Posts.Count;
            for (var i = 0; i < candidates.Length; i++)
            {
                var j = candidates[i];
                if (j < 0)
                {
                    continue;
                }

                var sum = 0d;
                for (var h = 0; h < historyPosts.Length; h++)
                {
                    sum += historyWeights[h] * _b[(historyPosts[h] * posts) + j];
                }

                scores[i] = (float)sum;
            }

            return;
        }

        ScoreDual(historyPosts, historyWeights, candidates, scores);
    }

    private void ScoreDual(ReadOnlySpan<int> historyPosts, ReadOnlySpan<float> historyWeights, ReadOnlySpan<int> candidates, Span<float> scores)
    {
        // s = X xᵀ (one entry per train user), v = K⁻¹ s; then (xP)ⱼ = (xⱼ − Σᵢ vᵢ Xᵢⱼ) / λ.
        var users = _train.Users.Count;
        var s = Vector<double>.Build.Dense(users);
        for (var h = 0; h < historyPosts.Length; h++)
        {
            var who = _train.GetPostUsers(historyPosts[h]);
            var weights = _train.GetPostWeights(historyPosts[h]);
            for (var a = 0; a < who.Length; a++)
            {
                s[who[a]] += (double)historyWeights[h] * weights[a];
            }
        }

        var v = _gramInverse! * s;
        for (var i = 0; i < candidates.Length; i++)
        {
            var j = candidates[i];
            if (j < 0)
            {
                continue;
            }

            var who = _train.GetPostUsers(j);
            var weights = _train.GetPostWeights(j);
            var xj = 0d;
            for (var h = 0; h < historyPosts.Length; h++)
            {
                if (historyPosts[h] == j)
                {
                    xj = historyWeights[h];
                }
            }

            var dot = 0d;
            for (var a = 0; a < who.Length; a++)
            {
                dot += v[who[a]] * weights[a];
            }

            var xp = (xj - dot) / _lambda;
            scores[i] = (float)(xj - (xp / _diagP![j]));
        }
    }
}
