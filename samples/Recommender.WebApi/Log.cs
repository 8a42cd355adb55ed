using Recommender.Training;

namespace Recommender.WebApi;

/// <summary>Log messages of the web host: event ids 8000-8099.</summary>
internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "Training run {RunId} accepted ({Kind}); a training was already running: {PipelineBusy}")]
    public static partial void TrainingAccepted(ILogger logger, string runId, string kind, bool pipelineBusy);

    [LoggerMessage(8002, LogLevel.Information, "A {Kind} request joined training run {RunId}, which is in progress")]
    public static partial void TrainingJoined(ILogger logger, string runId, string kind);

    [LoggerMessage(8003, LogLevel.Information, "Training run {RunId} (pipeline run {PipelineRunId}) ended {Outcome}; version {ModelVersion}; error {Error}")]
    public static partial void TrainingFinished(ILogger logger, string runId, string pipelineRunId, TrainingOutcome outcome, string? modelVersion, string? error);

    [LoggerMessage(8004, LogLevel.Error, "Training run {RunId} ended with an exception")]
    public static partial void TrainingCrashed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(8010, LogLevel.Information, "Serving a generated feed from memory: {Users} users, {Posts} posts, {Engagements} engagements, {Follows} follows, from {Start:O}")]
    public static partial void SampleFeedGenerated(ILogger logger, int users, int posts, int engagements, int follows, DateTimeOffset start);

    [LoggerMessage(8011, LogLevel.Information, "Using PostgreSQL: SDK schema {Schema}, host tables in {HostSchema}")]
    public static partial void UsingPostgres(ILogger logger, string schema, string hostSchema);

    [LoggerMessage(8012, LogLevel.Information, "Seeded the sample host tables with {Engagements} generated engagements")]
    public static partial void SampleSeeded(ILogger logger, int engagements);

    [LoggerMessage(8013, LogLevel.Information, "The sample host tables already hold data: not seeded")]
    public static partial void SampleAlreadySeeded(ILogger logger);

    [LoggerMessage(8014, LogLevel.Warning, "--seed-sample (WebApi:SeedSample) has no effect without --postgres")]
    public static partial void SeedWithoutPostgres(ILogger logger);

    [LoggerMessage(8020, LogLevel.Warning, "Bad request to {Path}: {Detail}")]
    public static partial void BadRequest(ILogger logger, string path, string detail);

    [LoggerMessage(8030, LogLevel.Information, "On-demand evaluation: {Users} test users, {TestRows} test rows, k {K}")]
    public static partial void OnDemandEvaluation(ILogger logger, int users, int testRows, int k);

    [LoggerMessage(8040, LogLevel.Warning, "Could not store {Count} engagements in the host's table; none was applied")]
    public static partial void EngagementsNotStored(ILogger logger, Exception exception, int count);

    [LoggerMessage(8041, LogLevel.Warning, "Could not look up the posts of {Count} engagements; they are applied, not counted as unknown")]
    public static partial void EngagementPostsNotLookedUp(ILogger logger, Exception exception, int count);

}
