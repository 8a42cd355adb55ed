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
        return new Scorer(model, postOf, training.Catalog, training.Engagements, training.Weighting, training.ReferenceTime);
    }

    /// <summary>
    /// In the feed task, as the engine does: a user with recorded engagements is folded in again from all of their
    /// history (decayed at the ranking moment), and a post the model does not know gets factors folded in from the
    /// known users who engaged with it.
    /// </summary>
    private sealed class Scorer(NmfModel model, int[] postOf, IdIndex catalog, IReadOnlyList<Engagement> train, EngagementWeightingOptions weighting, DateTimeOffset now) : IFeedEvaluationScorer
    {
        private readonly FeedHistory _history = new(train);
        private readonly Dictionary<string, float[]> _folded = new(StringComparer.Ordinal);
        private readonly Dictionary<int, (List<int> Users, List<float> Weights, float[]? Factors)> _newPosts = [];
        private readonly EngagementWeigher _weigher = new(weighting, now);
        private readonly SettableTimeProvider _clock = new(now);

        public void AdvanceTo(DateTimeOffset moment) => _clock.UtcNow = moment;

        public void Record(in Engagement engagement)
        {
            _history.Record(engagement);
            var c = catalog.IndexOf(engagement.PostId);
            var weight = _weigher.KindWeight(engagement.Kind) * (engagement.Weight ?? 1f);
            if (c >= 0 && postOf[c] < 0 && weight > 0f && model.Users.TryGetIndex(engagement.UserId, out var u))
            {
                var entry = _newPosts.TryGetValue(c, out var e) ? e : ([], [], null);
                entry.Users.Add(u);
                entry.Weights.Add(weight);
                _newPosts[c] = entry with { Factors = null };
            }
        }

        private ReadOnlySpan<float> NewPostFactors(int c)
        {
            if (!_newPosts.TryGetValue(c, out var entry))
            {
                return default;
            }

            if (entry.Factors is null)
            {
                entry = entry with { Factors = model.FoldInPost([.. entry.Users], [.. entry.Weights]) };
                _newPosts[c] = entry;
            }

            return entry.Factors;
        }

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
                var postFactors = post >= 0 ? model.GetPostFactors(post) : NewPostFactors(candidates[i]);
                scores[i] = postFactors.IsEmpty ? 0f : TensorPrimitives.Dot(factors, postFactors);
            }
        }
    }
}
