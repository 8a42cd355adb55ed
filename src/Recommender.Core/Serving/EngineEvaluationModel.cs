using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Serving;

/// <summary>
/// A <see cref="HybridEvaluationModel"/> served as a host serves it, for the feed task (<see cref="EvaluationTask.Feed"/>):
/// once the replay starts, a <see cref="RecommenderEngine"/> over the train data ranks each window with the trained model
/// published and activated, and every engagement of the replay goes through
/// <see cref="RecommenderEngine.RecordEngagementAsync"/> (fold-in of the user, live counts and factors of the posts,
/// the seen filter). The engine's cache is off and its time budget unlimited; scores follow the engine's order. The
/// rank and recommend tasks score with the ranker, as the wrapped model does. Same name as the wrapped model.
/// </summary>
/// <param name="hybrid">The hybrid model to serve.</param>
public sealed class EngineEvaluationModel(HybridEvaluationModel hybrid) : IEvaluationModel
{
    /// <summary>The wrapped model (its <see cref="HybridEvaluationModel.TrainedModel"/> is the served one).</summary>
    public HybridEvaluationModel Hybrid { get; } = hybrid ?? throw new ArgumentNullException(nameof(hybrid));

    /// <inheritdoc />
    public string Name => Hybrid.Name;

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var ranker = Hybrid.Fit(training, cancellationToken);
        var model = Hybrid.TrainedModel!;
        var options = Hybrid.TrainedOptions!;
        var posts = EvaluationPosts.Resolve(training);
        var logging = Hybrid.LoggerFactory;
        return new Scorer(ranker, posts, () => new HybridFeedEngine(options, model, training, logging));
    }

    /// <summary>The ranker's scores until the replay calls, then the engine's.</summary>
    private sealed class Scorer(IEvaluationScorer ranker, Post[] posts, Func<HybridFeedEngine> serve) : IFeedEvaluationScorer, IDisposable
    {
        private HybridFeedEngine? _engine;

        public void AdvanceTo(DateTimeOffset now) => (_engine ??= serve()).AdvanceTo(now);

        public void Record(in Engagement engagement) => (_engine ??= serve()).Record(engagement);

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            if (_engine is null)
            {
                ranker.Score(userId, candidates, scores);
            }
            else
            {
                _engine.Score(userId, candidates, posts, scores);
            }
        }

        public void Dispose() => _engine?.Dispose();
    }
}
