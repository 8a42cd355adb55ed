using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Evaluation;

/// <summary>
/// The hybrid ranker as an evaluated model: <c>hybrid</c> (the blend learned on held-out engagements) or, with
/// <c>learnBlend: false</c>, <c>hybrid-hand</c> (hand weights). Trains a full <see cref="RecommenderModel"/> on the
/// train data and scores candidates with the blend (no feed shaping: the evaluator ranks by score). In the feed task it
/// stays as trained; <see cref="Serving.EngineEvaluationModel"/> serves it through the engine instead, engagements
/// included.
/// </summary>
public sealed class HybridEvaluationModel : IEvaluationModel
{
    private readonly RecommenderOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly string? _name;

    /// <summary>Creates the model.</summary>
    /// <param name="options">Options; null for the defaults. Their weighting is replaced by the evaluation's.</param>
    /// <param name="learnBlend">False evaluates the hand weights (<c>hybrid-hand</c>).</param>
    /// <param name="loggerFactory">Where training logs; null for none.</param>
    /// <param name="name">The name in reports; null for <c>hybrid</c> or <c>hybrid-hand</c>.</param>
    public HybridEvaluationModel(RecommenderOptions? options = null, bool learnBlend = true, ILoggerFactory? loggerFactory = null, string? name = null)
    {
        _name = name;
        _options = options ?? new RecommenderOptions();
        _options.Validate();
        LearnBlend = learnBlend;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public string Name => _name ?? (LearnBlend ? "hybrid" : "hybrid-hand");

    /// <summary>True for the learned blend.</summary>
    public bool LearnBlend { get; }

    /// <summary>The model trained by the last <see cref="Fit"/>.</summary>
    public RecommenderModel? TrainedModel { get; private set; }

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var options = new RecommenderOptions
        {
            Weighting = training.Weighting,
            Collaborative = _options.Collaborative,
            Content = _options.Content,
            Features = _options.Features,
            Heuristic = _options.Heuristic,
            Ranking = CopyRanking(_options.Ranking, LearnBlend),
        };
        options.Validate();
        var logger = (ILogger?)_loggerFactory?.CreateLogger("Recommender.Training") ?? NullLogger.Instance;
        var model = TrainingProtocol.Fit(options, training.TimeProvider, logger, training.Users, EvaluationPosts.KnownAt(training.Posts, training.ReferenceTime), training.Engagements, training.Follows, null, cancellationToken);
        TrainedModel = model;
        var ranker = new HybridRanker(model, options.Ranking, new FixedTimeProvider(training.RankingTime));
        var posts = EvaluationPosts.Resolve(training);
        var storeIndex = new int[posts.Length];
        for (var i = 0; i < posts.Length; i++)
        {
            storeIndex[i] = model.Features.Posts.IndexOf(posts[i].Id);
        }

        TrainedOptions = options;
        return new Scorer(ranker, posts, storeIndex);
    }

    /// <summary>The options the last <see cref="Fit"/> trained with (the evaluation's weighting in).</summary>
    internal RecommenderOptions? TrainedOptions { get; private set; }

    /// <summary>Where training logs, or null.</summary>
    internal ILoggerFactory? LoggerFactory => _loggerFactory;

    private static RankingOptions CopyRanking(RankingOptions source, bool learnBlend) => new()
    {
        LearnBlend = learnBlend,
        HandWeights = source.HandWeights,
        DropSeen = source.DropSeen,
        MaxAuthorRun = source.MaxAuthorRun,
        ExplainTop = source.ExplainTop,
        MaxReasons = source.MaxReasons,
        RecommendCandidates = source.RecommendCandidates,
        FreshWindow = source.FreshWindow,
        BlendHoldoutFraction = source.BlendHoldoutFraction,
        BlendHoldout = source.BlendHoldout,
        BlendNegativesPerPositive = source.BlendNegativesPerPositive,
        BlendMaxPositives = source.BlendMaxPositives,
    };

    private sealed class Scorer(HybridRanker ranker, Post[] posts, int[] storeIndex) : IEvaluationScorer
    {
        private int[] _indices = [];
        private Post?[] _posts = [];

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            if (_indices.Length < candidates.Length)
            {
                _indices = new int[candidates.Length];
                _posts = new Post?[candidates.Length];
            }

            for (var i = 0; i < candidates.Length; i++)
            {
                _indices[i] = storeIndex[candidates[i]];
                _posts[i] = posts[candidates[i]];
            }

            ranker.Score(new RankingUser(userId), _indices.AsSpan(0, candidates.Length), _posts.AsSpan(0, candidates.Length), scores);
        }
    }
}
