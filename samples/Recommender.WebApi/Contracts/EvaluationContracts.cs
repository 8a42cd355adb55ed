namespace Recommender.WebApi.Contracts;

/// <summary>
/// GET /api/v1/model/evaluate: the serving model's metrics as the training pipeline stored them with the version
/// (measured on the latest engagements held out at training time), and, with <c>?onDemand=true</c>, a fresh offline
/// evaluation on the data as it is now.
/// </summary>
/// <param name="ModelVersion">The serving version; null when none serves (on-demand evaluation only).</param>
/// <param name="ModelTrainedAt">When it was trained.</param>
/// <param name="K">The k of the metrics.</param>
/// <param name="Evaluated">False when training had too little data to hold some out (then only sizes are stored).</param>
/// <param name="Ndcg">ndcg@k of the model on the holdout (a model trained the same way without it).</param>
/// <param name="Precision">precision@k of the model.</param>
/// <param name="HeuristicNdcg">ndcg@k of the heuristic fallback on the same holdout.</param>
/// <param name="PreviousModelNdcg">ndcg@k of the model that was serving before, on the same holdout, when there was one.</param>
/// <param name="Metrics">Every stored metric (sizes, seconds...).</param>
/// <param name="OnDemand">The on-demand evaluation, when asked for.</param>
public sealed record ModelEvaluationResponse(
    string? ModelVersion,
    DateTimeOffset? ModelTrainedAt,
    int K,
    bool Evaluated,
    double? Ndcg,
    double? Precision,
    double? HeuristicNdcg,
    double? PreviousModelNdcg,
    IReadOnlyDictionary<string, double> Metrics,
    OnDemandEvaluation? OnDemand);

/// <summary>An offline evaluation run for the request (rank task): a model trained the way the pipeline trains, and
/// the heuristic, on the evaluation window minus its latest engagements, scored on those.</summary>
/// <param name="K">The k.</param>
/// <param name="TrainRows">Engagements trained on.</param>
/// <param name="TestRows">Engagements held out.</param>
/// <param name="Users">Test users.</param>
/// <param name="CandidatePosts">The candidate pool.</param>
/// <param name="Models">One row per model ("candidate", "heuristic").</param>
public sealed record OnDemandEvaluation(int K, int TrainRows, int TestRows, int Users, int CandidatePosts, IReadOnlyList<ModelScore> Models);

/// <summary>One model's scores at k; each metric is null when it could not be computed (no test user to score: <paramref name="Users"/> 0).</summary>
public sealed record ModelScore(string Model, double? Ndcg, double? Precision, double? Recall, double? Map, double? HitRate, double? Coverage, int Users, double TrainSeconds);
