using Microsoft.Extensions.Logging;

namespace Recommender;

/// <summary>
/// Every log message of Recommender.Core, source-generated, with stable event ids grouped by capability:
/// 1xxx collaborative filtering, 2xxx content and ranking, 3xxx serving, 4xxx training pipeline.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "NMF iteration {Iteration}/{MaxIterations}: loss {Loss:G6} after {Seconds:F2}s")]
    public static partial void NmfIteration(ILogger logger, int iteration, int maxIterations, double loss, double seconds);

    [LoggerMessage(1002, LogLevel.Information, "NMF trained: {Users} users x {Posts} posts, {Factors} factors, {Iterations} iterations, loss {Loss:G6}, {Seconds:F2}s")]
    public static partial void NmfTrained(ILogger logger, int users, int posts, int factors, int iterations, double loss, double seconds);

    // The note holds every contender's AUC and NDCG@10, in words where the data did not allow one (never NaN).
    [LoggerMessage(4001, LogLevel.Information, "Blend fitted: learned {Learned}, {Positives} held-out engagements, {Negatives} negatives ({Note})")]
    public static partial void BlendFitted(ILogger logger, bool learned, int positives, int negatives, string note);

    // The blend guard's decision: "guard (feed NDCG@10, 412 users): learned 0.1230 vs content alone 0.1010 [+0.0100, +0.0300]: ships learned".
    [LoggerMessage(4004, LogLevel.Information, "Blend guard: learned blend ships {ShipsLearned}; {Decision}")]
    public static partial void BlendGuarded(ILogger logger, bool shipsLearned, string decision);

    [LoggerMessage(4002, LogLevel.Information, "Model trained: {Users} users, {Posts} posts, {Engagements} engagements ({Pairs} weighted pairs), learned blend {Learned}, {Seconds:F2}s")]
    public static partial void ModelTrained(ILogger logger, int users, int posts, long engagements, int pairs, bool learned, double seconds);

    [LoggerMessage(3001, LogLevel.Information, "Model version {Version} loaded for variant {Variant}")]
    public static partial void ModelLoaded(ILogger logger, string version, string variant);

    [LoggerMessage(3002, LogLevel.Error, "Model version {Version} for variant {Variant} could not be loaded; the previous model keeps serving")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string version, string variant);

    [LoggerMessage(3003, LogLevel.Warning, "Refreshing the active models failed; the loaded models keep serving")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Warning, "Variant {Variant} rolled back from {From} to {To}")]
    public static partial void RolledBack(ILogger logger, string variant, string from, string to);

    [LoggerMessage(4010, LogLevel.Information, "Training {RunId} started")]
    public static partial void TrainingStarted(ILogger logger, string runId);

    [LoggerMessage(4011, LogLevel.Information, "Training {RunId} skipped: another instance holds the training lock")]
    public static partial void TrainingSkipped(ILogger logger, string runId);

    [LoggerMessage(4012, LogLevel.Information, "Training {RunId} published and activated version {Version}")]
    public static partial void TrainingActivated(ILogger logger, string runId, string version);

    [LoggerMessage(4013, LogLevel.Warning, "Training {RunId} published version {Version} but did not activate it: {Reason}")]
    public static partial void TrainingRejected(ILogger logger, string runId, string version, string reason);

    [LoggerMessage(4014, LogLevel.Warning, "Training {RunId} was cancelled; the active model is unchanged")]
    public static partial void TrainingCancelled(ILogger logger, string runId);

    [LoggerMessage(4015, LogLevel.Error, "Training {RunId} failed; the active model is unchanged")]
    public static partial void TrainingFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(4016, LogLevel.Warning, "Training run {RunId} could not be recorded in the model store")]
    public static partial void TrainingRunNotRecorded(ILogger logger, Exception exception, string runId);

    [LoggerMessage(4017, LogLevel.Warning, "Training {RunId}: deleting old model versions failed; they are kept")]
    public static partial void PruneFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(3010, LogLevel.Warning, "Recommender initialisation: {Step} failed; serving with what is available")]
    public static partial void InitializationFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(3011, LogLevel.Warning, "The model did not answer for user {UserId} within {BudgetMs} ms; the heuristic answered")]
    public static partial void ModelTimedOut(ILogger logger, string userId, double budgetMs);

    [LoggerMessage(3012, LogLevel.Error, "The model failed for user {UserId}; the heuristic answered")]
    public static partial void ModelFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(3013, LogLevel.Warning, "Feature flag {Flag} could not be read; its configured default applies")]
    public static partial void FlagProviderFailed(ILogger logger, Exception exception, string flag);

    [LoggerMessage(3014, LogLevel.Warning, "Refreshing the catalogue of new posts failed; recommendations use the posts known so far")]
    public static partial void CatalogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(3030, LogLevel.Information, "Serving options reloaded: the next requests use them")]
    public static partial void OptionsReloaded(ILogger logger);

    [LoggerMessage(3031, LogLevel.Warning, "Reloaded options could not be used (invalid?); the previous serving options stay in force")]
    public static partial void OptionsUnreadable(ILogger logger, Exception exception);
}
