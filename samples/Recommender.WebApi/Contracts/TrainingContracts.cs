namespace Recommender.WebApi.Contracts;

/// <summary>The answer of POST /api/v1/train, /api/v1/retrain and /ml/train (202 Accepted).</summary>
/// <param name="RunId">The run's API id: poll <paramref name="StatusUrl"/> with it.</param>
/// <param name="Status">"running" (or, for a run that ended meanwhile, its outcome).</param>
/// <param name="StatusUrl">Where the run's progress and outcome are: GET /api/v1/model/status?runId=….</param>
/// <param name="Joined">True when a run was already in progress: this is its id, no second run started.</param>
public sealed record TrainingAccepted(string RunId, string Status, string StatusUrl, bool Joined);

/// <summary>A training run started through the API.</summary>
/// <param name="RunId">The API's id.</param>
/// <param name="Kind">"train" or "retrain".</param>
/// <param name="Status">"running", then "activated", "rejected" (trained, failed the quality gate), "failed", "cancelled" or "skipped".</param>
/// <param name="RequestedAt">When the API accepted it.</param>
/// <param name="FinishedAt">When it ended, or null.</param>
/// <param name="Progress">The pipeline's progress while it runs, or null.</param>
/// <param name="PipelineRunId">The SDK pipeline's run id, once it ended.</param>
/// <param name="ModelVersion">The version it trained (active when "activated"), or null.</param>
/// <param name="Error">Why it failed or was rejected, or null.</param>
/// <param name="Metrics">The pipeline's metrics (sizes, seconds, ndcg@k of the candidate, the heuristic and the previous model).</param>
/// <param name="JoinedExistingRun">True when the pipeline was already training (started by the SDK's schedule or at start) and this run joined it.</param>
public sealed record TrainingRunView(
    string RunId,
    string Kind,
    string Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    TrainingProgressView? Progress,
    string? PipelineRunId,
    string? ModelVersion,
    string? Error,
    IReadOnlyDictionary<string, double>? Metrics,
    bool JoinedExistingRun);

/// <summary>Training progress.</summary>
/// <param name="Stage">What runs: "reading", "collaborative", "content", "blend", "evaluation"...</param>
/// <param name="Fraction">Overall progress, 0 to 1.</param>
/// <param name="Iteration">The NMF iteration in collaborative stages, else 0.</param>
/// <param name="Loss">The NMF objective after that iteration, or null.</param>
public sealed record TrainingProgressView(string Stage, double Fraction, int Iteration, double? Loss);

/// <summary>The last run the SDK's pipeline finished (whoever started it: the API, the schedule, start-up).</summary>
public sealed record PipelineRunView(
    string RunId,
    string Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? ModelVersion,
    string? Error,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>GET /api/v1/model/status.</summary>
/// <param name="Serving">"model" when a trained model answers, "fallback" when the heuristic does (no model yet).</param>
/// <param name="ModelVersion">The default variant's active version, or null.</param>
/// <param name="ActiveVersions">The active version of every variant (A/B).</param>
/// <param name="ModelTrainedAt">When the serving model was trained.</param>
/// <param name="ModelAgeSeconds">Its age in seconds.</param>
/// <param name="DataWatermark">The latest engagement it learned from.</param>
/// <param name="Metrics">The serving version's metrics as stored at training (see GET /api/v1/model/evaluate).</param>
/// <param name="TrainingInProgress">True while the pipeline trains.</param>
/// <param name="Progress">Its progress, or null.</param>
/// <param name="LastTraining">The last run the pipeline finished, or null.</param>
/// <param name="LastLoadError">The last error loading a model version (the previous one keeps serving), or null.</param>
/// <param name="Run">The run asked for with ?runId=, or null.</param>
/// <param name="RecentRuns">Runs started through the API, newest first.</param>
public sealed record ModelStatusResponse(
    string Serving,
    string? ModelVersion,
    IReadOnlyDictionary<string, string> ActiveVersions,
    DateTimeOffset? ModelTrainedAt,
    double? ModelAgeSeconds,
    DateTimeOffset? DataWatermark,
    IReadOnlyDictionary<string, double> Metrics,
    bool TrainingInProgress,
    TrainingProgressView? Progress,
    PipelineRunView? LastTraining,
    string? LastLoadError,
    TrainingRunView? Run,
    IReadOnlyList<TrainingRunView> RecentRuns);
