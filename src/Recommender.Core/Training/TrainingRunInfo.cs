namespace Recommender.Training;

/// <summary>The record of one training run.</summary>
public sealed record TrainingRunInfo
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, or null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How it ended.</summary>
    public TrainingOutcome Outcome { get; init; }

    /// <summary>The error message when it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The version it produced, if any.</summary>
    public string? ModelVersion { get; init; }
}
