using Microsoft.Extensions.Logging;

namespace Recommender;

/// <summary>Log messages of offline evaluation: event ids 5000-5099.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Evaluating {Task} at {K}: {TestUsers} test users, {Candidates} candidate posts, train {TrainRows} rows until {ReferenceTime:O}, ranking at {RankingTime:O}")]
    public static partial void EvaluationStarted(ILogger logger, string task, int k, int testUsers, int candidates, int trainRows, DateTimeOffset referenceTime, DateTimeOffset rankingTime);

    [LoggerMessage(5002, LogLevel.Information, "Evaluation model {Model} trained in {Seconds:F3}s")]
    public static partial void EvaluationModelTrained(ILogger logger, string model, double seconds);

    [LoggerMessage(5003, LogLevel.Information, "Evaluation model {Model}: ndcg@{K} {Ndcg:F4}, precision@{K} {Precision:F4}, coverage {Coverage:F4}, ranked in {Seconds:F3}s")]
    public static partial void EvaluationModelScored(ILogger logger, string model, int k, double ndcg, double precision, double coverage, double seconds);

    [LoggerMessage(5004, LogLevel.Warning, "Evaluation dropped {Dropped} of {Rows} test rows whose user or post is not in the train data (recommend task)")]
    public static partial void EvaluationTestRowsDropped(ILogger logger, int dropped, int rows);
}
