namespace Recommender.Training;

/// <summary>When and how the training pipeline retrains, evaluates and publishes models.</summary>
public sealed class TrainingOptions
{
    /// <summary>A cron expression (5 fields, or 6 with seconds) for scheduled retraining. Default "0 2 * * *" (daily at
    /// 02:00); empty disables the schedule. Parsed by the hosted service (Recommender.Extensions.DI).</summary>
    public string Schedule { get; set; } = TrainingDefaults.Schedule;

    /// <summary>The time zone of <see cref="Schedule"/> (IANA or Windows id). Default "UTC".</summary>
    public string TimeZone { get; set; } = TrainingDefaults.TimeZone;

    /// <summary>Train when the host starts and no model is active. Default true.</summary>
    public bool TrainOnStartWhenNoModel { get; set; } = true;

    /// <summary>Evaluate every new model on a holdout against the active model and the heuristic before activating it. Default true.</summary>
    public bool Evaluate { get; set; } = true;

    /// <summary>Share of the evaluation window's latest engagements held out. Default 0.1; between 0.01 and 0.5.</summary>
    public double HoldoutFraction { get; set; } = TrainingDefaults.HoldoutFraction;

    /// <summary>How far back evaluation reads engagements (held in memory). Default 28 days.</summary>
    public TimeSpan EvaluationWindow { get; set; } = TrainingDefaults.EvaluationWindow;

    /// <summary>The k of evaluation metrics. Default 10.</summary>
    public int EvaluationK { get; set; } = TrainingDefaults.EvaluationK;

    /// <summary>Quality gate: the new model's ndcg@k must be at least this times the active model's. Default 0.98; 0 disables.</summary>
    public double MinRelativeToActive { get; set; } = TrainingDefaults.MinRelativeToActive;

    /// <summary>Quality gate: the new model's ndcg@k must be at least this times the heuristic's. Default 1.0; 0 disables.</summary>
    public double MinRelativeToHeuristic { get; set; } = TrainingDefaults.MinRelativeToHeuristic;

    /// <summary>Inactive versions kept after a training (newest first); older ones are deleted. Default 5; at least 1.</summary>
    public int KeepVersions { get; set; } = TrainingDefaults.KeepVersions;

    /// <summary>Health: a model older than this is reported degraded. Default 48 hours.</summary>
    public TimeSpan MaxModelAge { get; set; } = TrainingDefaults.MaxModelAge;

    /// <summary>
    /// How often a running training run records a heartbeat in the store (<see cref="TrainingRunInfo.HeartbeatAt"/>).
    /// Default 30 seconds; between 100 milliseconds and 1 hour.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TrainingDefaults.HeartbeatInterval;

    /// <summary>
    /// How long a run may go without a heartbeat before the next instance that looks (on start, when listing runs,
    /// at the next training) marks it <see cref="TrainingOutcome.Abandoned"/>: its process was killed or lost the
    /// store. Recorded with each run (<see cref="TrainingRunInfo.Lease"/>). Default 5 minutes; at least twice
    /// <see cref="HeartbeatInterval"/> and at most 1 day.
    /// </summary>
    public TimeSpan RunLease { get; set; } = TrainingDefaults.RunLease;

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (Schedule is null)
        {
            errors.Add($"{prefix}{nameof(Schedule)} must not be null (use an empty string to disable).");
        }

        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            errors.Add($"{prefix}{nameof(TimeZone)} must name a time zone.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            errors.Add($"{prefix}{nameof(TimeZone)} '{TimeZone}' is not a known time zone.");
        }

        if (!(HoldoutFraction is >= 0.01 and <= 0.5))
        {
            errors.Add($"{prefix}{nameof(HoldoutFraction)} must be between 0.01 and 0.5, was {HoldoutFraction}.");
        }

        if (EvaluationWindow <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(EvaluationWindow)} must be positive, was {EvaluationWindow}.");
        }

        if (EvaluationK is < 1 or > 1000)
        {
            errors.Add($"{prefix}{nameof(EvaluationK)} must be between 1 and 1000, was {EvaluationK}.");
        }

        if (!(MinRelativeToActive is >= 0 and <= 10))
        {
            errors.Add($"{prefix}{nameof(MinRelativeToActive)} must be between 0 and 10, was {MinRelativeToActive}.");
        }

        if (!(MinRelativeToHeuristic is >= 0 and <= 10))
        {
            errors.Add($"{prefix}{nameof(MinRelativeToHeuristic)} must be between 0 and 10, was {MinRelativeToHeuristic}.");
        }

        if (KeepVersions < 1)
        {
            errors.Add($"{prefix}{nameof(KeepVersions)} must be at least 1, was {KeepVersions}.");
        }

        if (MaxModelAge <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(MaxModelAge)} must be positive, was {MaxModelAge}.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{prefix}{nameof(HeartbeatInterval)} must be between 100 milliseconds and 1 hour, was {HeartbeatInterval}.");
        }

        if (RunLease < 2 * HeartbeatInterval || RunLease > TimeSpan.FromDays(1))
        {
            errors.Add($"{prefix}{nameof(RunLease)} must be at least twice {nameof(HeartbeatInterval)} ({HeartbeatInterval}) and at most 1 day, was {RunLease}.");
        }
    }
}
