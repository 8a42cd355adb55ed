namespace Recommender.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Still running.</summary>
    Running = 0,

    /// <summary>A new version was trained, passed the quality gate and was activated.</summary>
    Activated = 1,

    /// <summary>A new version was trained and stored but did not pass the quality gate; the active one stays.</summary>
    Rejected = 2,

    /// <summary>Training failed; the active model is untouched.</summary>
    Failed = 3,

    /// <summary>Training was cancelled; the active model is untouched.</summary>
    Cancelled = 4,

    /// <summary>Another instance held the training lock; this one did nothing.</summary>
    Skipped = 5,

    /// <summary>
    /// The run stopped without finishing (its process was killed, or lost the store): no heartbeat within its
    /// <see cref="TrainingRunInfo.Lease"/>, so the next instance that looked marked it. The active model is what the
    /// registry says: a run killed between activation and its last record may have activated its version.
    /// </summary>
    Abandoned = 6,
}
