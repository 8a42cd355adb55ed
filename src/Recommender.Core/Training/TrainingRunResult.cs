namespace Recommender.Training;

/// <summary>How a training run went.</summary>
public sealed record TrainingRunResult
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>How it ended.</summary>
    public TrainingOutcome Outcome { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The version it published (activated or rejected), if any.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Why it failed or was rejected, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>Evaluation metrics: "ndcg@10", "heuristic.ndcg@10", "active.ndcg@10", sizes, seconds.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>True when this caller joined a run that was already in progress.</summary>
    public bool Joined { get; init; }
}
