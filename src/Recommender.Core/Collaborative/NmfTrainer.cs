using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;

namespace Recommender.Collaborative;

/// <summary>
/// Trains an <see cref="NmfModel"/>: non-negative matrix factorisation of the user × post weight matrix by
/// alternating projected coordinate descent (eALS-style). One iteration costs O(nnz·k + (users + posts)·k²);
/// rows are solved in parallel and the result is identical for any thread count. Usable without DI:
/// <c>new NmfTrainer(options).Fit(matrix)</c>.
/// </summary>
public sealed class NmfTrainer
{
    private readonly NmfOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; null for the defaults. Copied: later changes do not affect this trainer.</param>
    /// <param name="logger">Where progress is logged; null for none.</param>
    /// <param name="timeProvider">The clock for decay and durations; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public NmfTrainer(NmfOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        options ??= new NmfOptions();
        options.Validate();
        _options = options.Clone();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Weights the engagements (<see cref="NmfOptions.Weighting"/>) and trains on them.</summary>
    /// <param name="engagements">The engagements.</param>
    /// <param name="progress">Receives one report per iteration; may be null.</param>
    /// <param name="cancellationToken">Stops training; the partial model is discarded.</param>
    /// <exception cref="InvalidOperationException">No engagement has a positive weight.</exception>
    public NmfModel Fit(IEnumerable<Engagement> engagements, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fit(InteractionMatrix.Create(engagements, _options.Weighting, _timeProvider), progress, cancellationToken);

    /// <summary>Trains on a prepared matrix.</summary>
    /// <param name="matrix">The user × post weights.</param>
    /// <param name="progress">Receives one report per iteration; may be null.</param>
    /// <param name="cancellationToken">Stops training; the partial model is discarded.</param>
    /// <exception cref="InvalidOperationException">The matrix holds no positive weight.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public NmfModel Fit(InteractionMatrix matrix, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.NonZeroCount == 0)
        {
            throw new InvalidOperationException(
                "Cannot train on an empty matrix: no engagement has a positive weight. " +
                $"Ingestion: {matrix.Report.Describe()}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        var users = matrix.Users.Count;
        var posts = matrix.Posts.Count;
        var k = Math.Min(_options.Factors, Math.Min(users, posts));
        var lambda = _options.Regularization ?? (NmfDefaults.RegularizationPerSqrtEntry * MathF.Sqrt(matrix.NonZeroCount));
        var meanWeight = MeanWeight(matrix);
        var solver = new NmfSolver(k, _options.Objective, _options.Alpha, lambda, meanWeight, _options.MaxDegreeOfParallelism, cancellationToken);

        var (userFactors, postFactors) = Initialize(matrix, k);
        var history = new List<double>(_options.MaxIterations);
        var converged = false;
        float[] postGram = [];
        for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            postGram = solver.Gram(postFactors, posts);
            solver.UpdateSide(userFactors, users, matrix.UserPtr, matrix.UserPostIdx, matrix.UserValues, postFactors, postGram);
            var userGram = solver.Gram(userFactors, users);
            var loss = solver.UpdateSide(postFactors, posts, matrix.PostPtr, matrix.PostUserIdx, matrix.PostValues, userFactors, userGram)
                + (lambda * SquaredNorm(userFactors));
            history.Add(loss);
            var elapsed = _timeProvider.GetElapsedTime(started);
            Log.NmfIteration(_logger, iteration, _options.MaxIterations, loss, elapsed.TotalSeconds);
            progress?.Report(new NmfProgress(iteration, _options.MaxIterations, loss, elapsed));
            if (history.Count >= 2 && _options.Tolerance > 0)
            {
                var previous = history[^2];
                if (previous - loss < _options.Tolerance * Math.Abs(previous))
                {
                    converged = true;
                    break;
                }
            }
        }

        postGram = solver.Gram(postFactors, posts);
        var summary = new NmfTrainingSummary
        {
            Objective = _options.Objective,
            RequestedFactors = _options.Factors,
            Regularization = lambda,
            Alpha = _options.Alpha,
            MeanWeight = meanWeight,
            Seed = _options.Seed,
            Iterations = history.Count,
            Converged = converged,
            LossHistory = history.ToArray(),
            Duration = _timeProvider.GetElapsedTime(started),
            NonZeros = matrix.NonZeroCount,
        };

        Log.NmfTrained(_logger, users, posts, k, history.Count, summary.FinalLoss, summary.Duration.TotalSeconds);
        var (seenPtr, seenIdx) = SeenPosts(matrix);
        return new NmfModel(matrix.Users, matrix.Posts, k, userFactors, postFactors, postGram, seenPtr, seenIdx, summary);
    }

    private (float[] Users, float[] Posts) Initialize(InteractionMatrix matrix, int k)
    {
        // Uniform factors scaled so that the mean prediction matches the mean target (as scikit-learn's
        // random init): E[x·y] = k·σ²/4 = density ⇒ σ = 2·sqrt(density / k).
        var users = matrix.Users.Count;
        var posts = matrix.Posts.Count;
        var density = matrix.NonZeroCount / ((double)users * posts);
        if (_options.Objective == NmfObjective.Frobenius)
        {
            double sum = 0;
            foreach (var v in matrix.UserValues)
            {
                sum += v;
            }

            density = sum / ((double)users * posts);
        }

        var scale = (float)(2.0 * Math.Sqrt(Math.Max(density, 1e-9) / k));
        var random = new Random(_options.Seed);
        var userFactors = new float[users * k];
        var postFactors = new float[posts * k];
        for (var i = 0; i < postFactors.Length; i++)
        {
            postFactors[i] = random.NextSingle() * scale;
        }

        for (var i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = random.NextSingle() * scale;
        }

        return (userFactors, postFactors);
    }

    private static float MeanWeight(InteractionMatrix matrix)
    {
        double sum = 0;
        foreach (var v in matrix.UserValues)
        {
            sum += v;
        }

        return (float)(sum / matrix.NonZeroCount);
    }

    private static double SquaredNorm(float[] values) => TensorPrimitives.Dot(values, values);

    private static (int[] Ptr, int[] Idx) SeenPosts(InteractionMatrix matrix)
    {
        var users = matrix.Users.Count;
        var ptr = new int[users + 1];
        var idx = new int[matrix.NonZeroCount + matrix.NegativePostIdx.Length];
        var at = 0;
        for (var u = 0; u < users; u++)
        {
            var positive = matrix.GetUserPosts(u);
            var negative = matrix.GetNegativePosts(u);
            positive.CopyTo(idx.AsSpan(at));
            negative.CopyTo(idx.AsSpan(at + positive.Length));
            idx.AsSpan(at, positive.Length + negative.Length).Sort();
            at += positive.Length + negative.Length;
            ptr[u + 1] = at;
        }

        Debug.Assert(at == idx.Length, "every positive and negative pair is copied once");
        return (ptr, idx);
    }
}
