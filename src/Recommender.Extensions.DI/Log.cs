using Microsoft.Extensions.Logging;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Every log message of Recommender.Extensions.DI, source-generated, with stable event ids in 7000-7099:
/// 700x start-up, 701x scheduled retraining, 702x stopping. The category is "Recommender.Hosting".
/// </summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Recommender started: {Count} model variant(s) serving")]
    public static partial void Started(ILogger logger, int count);

    [LoggerMessage(7001, LogLevel.Information, "No model serves; training one now (Training:TrainOnStartWhenNoModel)")]
    public static partial void TrainingOnStart(ILogger logger);

    [LoggerMessage(7002, LogLevel.Error, "Recommender initialisation threw; the host keeps running and answers with the heuristic")]
    public static partial void InitializationThrew(ILogger logger, Exception exception);

    [LoggerMessage(7010, LogLevel.Information, "Next scheduled training at {Due:O} (schedule '{Schedule}', time zone {TimeZone})")]
    public static partial void NextRun(ILogger logger, DateTimeOffset due, string schedule, string timeZone);

    [LoggerMessage(7011, LogLevel.Information, "No training schedule (Training:Schedule is empty): scheduled retraining is off")]
    public static partial void NoSchedule(ILogger logger);

    [LoggerMessage(7012, LogLevel.Information, "{Trigger} training starting{Joining}")]
    public static partial void TrainingTriggered(ILogger logger, string trigger, string joining);

    [LoggerMessage(7013, LogLevel.Information, "{Trigger} training {RunId} ended: {Outcome}{Joined}")]
    public static partial void TrainingEnded(ILogger logger, string trigger, string runId, TrainingOutcome outcome, string joined);

    [LoggerMessage(7014, LogLevel.Warning, "{Trigger} training {RunId} ended: {Outcome}{Joined}: {Error}")]
    public static partial void TrainingEndedBadly(ILogger logger, string trigger, string runId, TrainingOutcome outcome, string joined, string error);

    [LoggerMessage(7015, LogLevel.Error, "{Trigger} training threw; scheduled retraining continues")]
    public static partial void TrainingThrew(ILogger logger, Exception exception, string trigger);

    [LoggerMessage(7016, LogLevel.Warning, "The training options could not be read (invalid configuration?); the previous schedule stays in force")]
    public static partial void ScheduleUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(7017, LogLevel.Error, "The training scheduler failed; it retries in {Seconds:F0} s")]
    public static partial void SchedulerFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(7018, LogLevel.Information, "The training schedule changed; recomputing the next run")]
    public static partial void ScheduleChanged(ILogger logger);

    [LoggerMessage(7020, LogLevel.Information, "Stopping: waiting for the training in progress to end")]
    public static partial void WaitingForTraining(ILogger logger);

    [LoggerMessage(7021, LogLevel.Warning, "Stopping: the training in progress did not end before the host's shutdown timeout")]
    public static partial void TrainingOutlivedShutdown(ILogger logger);

    [LoggerMessage(7022, LogLevel.Warning, "Looking for abandoned training runs at start failed; the next training looks again")]
    public static partial void AbandonCheckFailed(ILogger logger, Exception exception);
}
