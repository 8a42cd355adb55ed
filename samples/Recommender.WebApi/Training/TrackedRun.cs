using Recommender.Training;

namespace Recommender.WebApi.Training;

/// <summary>One training run started through the API: known by its API run id from the moment it is accepted.</summary>
internal sealed class TrackedRun(string runId, string kind, DateTimeOffset requestedAt, bool pipelineWasBusy)
{
    private Completion? _completion;

    /// <summary>The id the API hands out (the pipeline's own id is only known when the run ends).</summary>
    public string RunId { get; } = runId;

    /// <summary>"train" or "retrain": the route that started it.</summary>
    public string Kind { get; } = kind;

    public DateTimeOffset RequestedAt { get; } = requestedAt;

    /// <summary>True when a training (started elsewhere, e.g. by the SDK's schedule) was already running: this run joins it.</summary>
    public bool PipelineWasBusy { get; } = pipelineWasBusy;

    public DateTimeOffset? FinishedAt => Volatile.Read(ref _completion)?.At;

    /// <summary>The pipeline's report, once the run ended.</summary>
    public TrainingRunResult? Result => Volatile.Read(ref _completion)?.Result;

    /// <summary>An error outside the pipeline's own reporting (the pipeline never throws for data conditions).</summary>
    public string? Error => Volatile.Read(ref _completion) is { } c ? c.Result?.Error ?? c.Error : null;

    public bool IsFinished => Volatile.Read(ref _completion) is not null;

    /// <summary>"running" until the run ends, then the pipeline's outcome in camel case (activated, rejected, failed, cancelled, skipped).</summary>
    public string Status => Volatile.Read(ref _completion) switch
    {
        null => JsonNames.Of(TrainingOutcome.Running),
        { Result: { } r } => JsonNames.Of(r.Outcome),
        _ => JsonNames.Of(TrainingOutcome.Failed),
    };

    public void Complete(TrainingRunResult result, DateTimeOffset at) => Volatile.Write(ref _completion, new Completion(result, null, at));

    public void Fail(string error, DateTimeOffset at) => Volatile.Write(ref _completion, new Completion(null, error, at));

    private sealed record Completion(TrainingRunResult? Result, string? Error, DateTimeOffset At);
}
