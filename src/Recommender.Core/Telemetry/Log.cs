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
}
