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

    [LoggerMessage(4001, LogLevel.Information, "Blend fitted: learned {Learned}, {Positives} held-out engagements, {Negatives} negatives, AUC learned {LearnedAuc:F4} vs hand {HandAuc:F4} ({Note})")]
    public static partial void BlendFitted(ILogger logger, bool learned, int positives, int negatives, double learnedAuc, double handAuc, string note);

    [LoggerMessage(4002, LogLevel.Information, "Model trained: {Users} users, {Posts} posts, {Engagements} engagements ({Pairs} weighted pairs), learned blend {Learned}, {Seconds:F2}s")]
    public static partial void ModelTrained(ILogger logger, int users, int posts, long engagements, int pairs, bool learned, double seconds);
}
