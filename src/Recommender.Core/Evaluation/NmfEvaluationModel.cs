using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// Collaborative filtering with <see cref="NmfTrainer"/>: a user's score for a post is the dot product of their
/// factors. The engagements are weighted with the evaluation's <see cref="EvaluationTrainingSet.Weighting"/> and
/// decayed from the end of the train data (<see cref="NmfOptions.Weighting"/> is not used here, so every model of
/// one evaluation sees the same weights). A user or post the model never saw scores 0.
/// </summary>
public sealed class NmfEvaluationModel : IEvaluationModel
{
    private readonly NmfOptions _options;
    private readonly ILogger? _logger;

    /// <summary>Creates the model.</summary>
    /// <param name="options">The trainer's options; null for the defaults.</param>
    /// <param name="logger">Where training progress is logged; null for none.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NmfEvaluationModel(NmfOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new NmfOptions();
        _options.Validate();
        _logger = logger;
    }

    /// <summary>The model's name: <c>nmf</c>.</summary>
    public string Name => "nmf";

    /// <summary>The model trained by the last <see cref="Fit"/>, or null before.</summary>
    public NmfModel? TrainedModel { get; private set; }

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var matrix = InteractionMatrix.Create(training.Engagements, training.Weighting, training.TimeProvider);
        var model = new NmfTrainer(_options, _logger, training.TimeProvider).Fit(matrix, null, cancellationToken);
        var catalog = training.Catalog;
        var postOf = new int[catalog.Count];
        for (var i = 0; i < postOf.Length; i++)
        {
            postOf[i] = model.Posts.IndexOf(catalog[i]);
        }

        TrainedModel = model;
        return new Scorer(model, postOf, training.Engagements, training.Weighting, training.ReferenceTime);
    }

    /// <summary>In the feed task, a user with recorded engagements is folded in again from all of their history (decayed at the ranking moment).</summary>
    private sealed class Scorer(NmfModel model, int[] postOf, IReadOnlyList<Engagement> train, EngagementWeightingOptions weighting, DateTimeOffset now) : IFeedEvaluationScorer
    {
        private readonly FeedHistory _history = new(train);
        private readonly Dictionary<string, float[]> _folded = new(StringComparer.Ordinal);
        private readonly SettableTimeProvider _clock = new(now);

        public void AdvanceTo(DateTimeOffset moment) => _clock.UtcNow = moment;

        public void Record(in Engagement engagement) => _history.Record(engagement);

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            if (_history.TakeChanged(userId))
            {
                _folded[userId] = model.FoldIn(_history.All(userId), weighting, _clock);
            }

            ReadOnlySpan<float> factors;
            if (_folded.TryGetValue(userId, out var folded))
            {
                factors = folded;
            }
            else if (model.Users.TryGetIndex(userId, out var user))
            {
                factors = model.GetUserFactors(user);
            }
            else
            {
                scores[..candidates.Length].Clear();
                return;
            }

            for (var i = 0; i < candidates.Length; i++)
            {
                var post = postOf[candidates[i]];
                scores[i] = post >= 0 ? TensorPrimitives.Dot(factors, model.GetPostFactors(post)) : 0f;
            }
        }
    }
}
