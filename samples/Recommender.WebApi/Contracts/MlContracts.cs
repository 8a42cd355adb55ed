namespace Recommender.WebApi.Contracts;

/// <summary>GET /ml/status: the short status an integrating back end polls.</summary>
/// <param name="Ready">True when a trained model serves (otherwise answers come from the heuristic).</param>
/// <param name="ModelVersion">The serving version, or null.</param>
/// <param name="ModelTrainedAt">When it was trained.</param>
/// <param name="TrainingInProgress">True while a training runs.</param>
/// <param name="LastTrainingOutcome">The last finished run's outcome, or null.</param>
/// <param name="LastTrainingAt">When it finished.</param>
/// <param name="LastTrainingError">Its error, or null.</param>
public sealed record MlStatusResponse(
    bool Ready,
    string? ModelVersion,
    DateTimeOffset? ModelTrainedAt,
    bool TrainingInProgress,
    string? LastTrainingOutcome,
    DateTimeOffset? LastTrainingAt,
    string? LastTrainingError);

/// <summary>POST /ml/predict: scores for posts the caller already has.</summary>
/// <param name="UserId">The user; required.</param>
/// <param name="PostIds">1 to WebApi:MaxCandidates post ids.</param>
public sealed record MlPredictRequest(string? UserId, IReadOnlyList<string?>? PostIds);

/// <summary>The answer of /ml/predict: one score per known post, best first.</summary>
public sealed record MlPredictResponse(string UserId, IReadOnlyList<MlPrediction> Predictions, string Source, string? ModelVersion, IReadOnlyList<string> UnknownPostIds);

/// <summary>A post and its score.</summary>
public sealed record MlPrediction(string PostId, float Score);

/// <summary>POST /ml/recommend.</summary>
/// <param name="UserId">The user; required.</param>
/// <param name="Count">How many, 1 to WebApi:MaxCount; WebApi:DefaultCount when absent (the name /api/v1/recommend uses).</param>
/// <param name="Limit">The same as <paramref name="Count"/>: this route's original name, kept as an alias; give one of the two.</param>
public sealed record MlRecommendRequest(string? UserId, int? Count = null, int? Limit = null);

/// <summary>The answer of /ml/recommend: post ids, best first.</summary>
public sealed record MlRecommendResponse(string UserId, IReadOnlyList<string> PostIds, string Source, string? ModelVersion);
