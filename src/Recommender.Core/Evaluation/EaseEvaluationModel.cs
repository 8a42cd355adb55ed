using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// The closed-form item-item model EASE (Steck 2019) over the evaluation's decayed engagement weights: a user's
/// score for a post is their history times the learned item-item weights. Its memory is 8·d² bytes for
/// d = min(users, posts) of the train data; above <see cref="MaxDimension"/> it is not built, <see cref="Built"/> is
/// false and every score is 0. Its weights do not decay: it models lasting taste (kind weights only).
/// </summary>
public sealed class EaseEvaluationModel : IEvaluationModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="lambda">The L2 regularisation λ of the Gram matrix; greater than 0; relative to the mean squared weight mass of a post (the mean diagonal of XᵀX), so it does not depend on the weights' scale. Default 30 (best of 3, 10, 30, 100 on MovieLens latest-small split by time).</param>
    /// <param name="maxDimension">The largest Gram matrix side built (memory 8·d² bytes); at least 1. Default 8,000 (512 MB).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public EaseEvaluationModel(double lambda = 30d, int maxDimension = 8_000)
    {
        if (!(lambda > 0d) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "EASE's lambda must be a finite number greater than 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDimension);
        Lambda = lambda;
        MaxDimension = maxDimension;
    }

    /// <summary>The model's name: <c>ease</c>.</summary>
    public string Name => "ease";

    /// <summary>The regularisation λ.</summary>
    public double Lambda { get; }

    /// <summary>The largest Gram matrix side the model builds.</summary>
    public int MaxDimension { get; }

    /// <summary>False when the last <see cref="Fit"/> found the train data too large (or empty) and scores 0.</summary>
    public bool Built { get; private set; }

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        // EASE learns taste, which lasts: its weights do not decay (the evaluation's kind weights only). On
        // MovieLens split by time a 7-day decay leaves most histories near zero and EASE at a third of its ndcg.
        var weighting = training.Weighting.Clone();
        weighting.HalfLife = Timeout.InfiniteTimeSpan;
        var matrix = InteractionMatrix.Create(training.Engagements, weighting, training.TimeProvider);
        var model = EaseModel.TryFit(matrix, Lambda, MaxDimension, cancellationToken);
        Built = model is not null;
        var catalog = training.Catalog;
        var postOf = new int[catalog.Count];
        for (var i = 0; i < postOf.Length; i++)
        {
            postOf[i] = model?.Posts.IndexOf(catalog[i]) ?? -1;
        }

        return new Scorer(model, matrix, postOf, training.Engagements, weighting);
    }

    /// <summary>In the feed task, a user's history row takes the recorded engagements (with posts the model knows: EASE has no vector for a new post).</summary>
    private sealed class Scorer(EaseModel? model, InteractionMatrix matrix, int[] postOf, IReadOnlyList<Engagement> train, EngagementWeightingOptions weighting) : IFeedEvaluationScorer
    {
        private readonly FeedHistory _history = new(train);
        private readonly Dictionary<string, (int[] Posts, float[] Weights)> _rows = new(StringComparer.Ordinal);
        private readonly SettableTimeProvider _clock = new(DateTimeOffset.MinValue);
        private int[] _mapped = [];

        public void AdvanceTo(DateTimeOffset now)
        {
        }

        public void Record(in Engagement engagement)
        {
            _history.Record(engagement);
            _clock.UtcNow = engagement.Timestamp > _clock.UtcNow ? engagement.Timestamp : _clock.UtcNow;
        }

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            if (model is null)
            {
                scores[..candidates.Length].Clear();
                return;
            }

            ReadOnlySpan<int> historyPosts;
            ReadOnlySpan<float> historyWeights;
            if (_history.TakeChanged(userId))
            {
                _rows[userId] = Row(model, _history.All(userId));
            }

            if (_rows.TryGetValue(userId, out var row))
            {
                historyPosts = row.Posts;
                historyWeights = row.Weights;
            }
            else if (matrix.Users.TryGetIndex(userId, out var user))
            {
                historyPosts = matrix.GetUserPosts(user);
                historyWeights = matrix.GetUserWeights(user);
            }
            else
            {
                scores[..candidates.Length].Clear();
                return;
            }

            if (_mapped.Length < candidates.Length)
            {
                _mapped = new int[candidates.Length];
            }

            var mapped = _mapped.AsSpan(0, candidates.Length);
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = postOf[candidates[i]];
            }

            model.Score(historyPosts, historyWeights, mapped, scores);
        }

        /// <summary>The user's history as the model's post indices (ascending) and summed kind weights; posts it does not know are left out.</summary>
        private (int[] Posts, float[] Weights) Row(EaseModel ease, IEnumerable<Engagement> history)
        {
            var row = InteractionMatrix.Create(history.Select(e => e with { UserId = "u" }), weighting, _clock);
            var sums = new SortedDictionary<int, float>();
            if (row.Users.Count > 0)
            {
                var local = row.GetUserPosts(0);
                var weights = row.GetUserWeights(0);
                for (var i = 0; i < local.Length; i++)
                {
                    var post = ease.Posts.IndexOf(row.Posts[local[i]]);
                    if (post >= 0)
                    {
                        sums[post] = sums.GetValueOrDefault(post) + weights[i];
                    }
                }
            }

            return ([.. sums.Keys], [.. sums.Values]);
        }
    }
}
