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

    /// <summary>
    /// When the run was last recorded, stamped by the store on its own clock (the database's for PostgreSQL): the
    /// running pipeline records its run every <see cref="TrainingOptions.HeartbeatInterval"/>. Ignored when writing;
    /// null for records written before heartbeats existed.
    /// </summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>
    /// How long the run may go without a heartbeat while <see cref="TrainingOutcome.Running"/> before the next
    /// instance that looks marks it <see cref="TrainingOutcome.Abandoned"/> (<see cref="TrainingOptions.RunLease"/>);
    /// null: never.
    /// </summary>
    public TimeSpan? Lease { get; init; }
}
