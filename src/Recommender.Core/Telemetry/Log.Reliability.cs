using Microsoft.Extensions.Logging;

namespace Recommender;

/// <summary>Training input, artefact checks and training-run heartbeats (4xxx, training).</summary>
internal static partial class Log
{
    [LoggerMessage(4003, LogLevel.Warning, "Training skipped {Skipped} engagements: {Report}")]
    public static partial void EngagementsSkipped(ILogger logger, long skipped, string report);

    [LoggerMessage(4020, LogLevel.Error, "Training {RunId}: version {Version} does not load back from the model store; it is not activated")]
    public static partial void SavedVersionUnloadable(ILogger logger, Exception exception, string runId, string version);

    [LoggerMessage(4021, LogLevel.Warning, "Training {RunId}: the unloadable version {Version} could not be deleted")]
    public static partial void UnloadableVersionNotDeleted(ILogger logger, Exception exception, string runId, string version);

    [LoggerMessage(4022, LogLevel.Warning, "Training {RunId}: the heartbeat could not be recorded; retrying at the next beat")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(4023, LogLevel.Warning, "Marked {Count} training runs abandoned: no heartbeat within their lease (their process stopped)")]
    public static partial void RunsAbandoned(ILogger logger, int count);

    [LoggerMessage(4024, LogLevel.Warning, "Looking for abandoned training runs failed")]
    public static partial void AbandonCheckFailed(ILogger logger, Exception exception);
}
