namespace Recommender.Training;

/// <summary>The documented defaults of <see cref="TrainingOptions"/>.</summary>
internal static class TrainingDefaults
{
    /// <summary>Retrain daily at 02:00 (cron, in <see cref="TimeZone"/>).</summary>
    public const string Schedule = "0 2 * * *";

    /// <summary>Schedule times are UTC.</summary>
    public const string TimeZone = "UTC";

    /// <summary>The latest 10% of the evaluation window's engagements are the holdout.</summary>
    public const double HoldoutFraction = 0.1;

    /// <summary>Evaluation reads the last 28 days of engagements.</summary>
    public static readonly TimeSpan EvaluationWindow = TimeSpan.FromDays(28);

    /// <summary>Metrics at 10.</summary>
    public const int EvaluationK = 10;

    /// <summary>A new model must reach 98% of the active model's ndcg@k on the holdout.</summary>
    public const double MinRelativeToActive = 0.98;

    /// <summary>A new model must reach the heuristic's ndcg@k on the holdout.</summary>
    public const double MinRelativeToHeuristic = 1.0;

    /// <summary>Keep the 5 newest inactive versions; older ones are deleted after a training.</summary>
    public const int KeepVersions = 5;

    /// <summary>A model older than 48 hours makes the health check degraded.</summary>
    public static readonly TimeSpan MaxModelAge = TimeSpan.FromHours(48);

    /// <summary>A running training run records a heartbeat every 30 seconds.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>A run still recorded as running without a heartbeat for 5 minutes is marked abandoned.</summary>
    public static readonly TimeSpan RunLease = TimeSpan.FromMinutes(5);
}
