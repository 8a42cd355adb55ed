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
}
