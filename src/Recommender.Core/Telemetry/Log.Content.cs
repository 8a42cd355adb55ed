using Microsoft.Extensions.Logging;

namespace Recommender;

/// <summary>Log messages of the content model and feature extraction (event ids 2000-2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Content model trained: {Users} users, {Posts} posts, {Terms} terms; {Accepted} engagements accepted, {Skipped} skipped; {Seconds:F2}s")]
    public static partial void ContentModelTrained(ILogger logger, int users, int posts, int terms, long accepted, long skipped, double seconds);

    [LoggerMessage(2002, LogLevel.Information, "Feature store built: {Users} users, {Posts} posts, {Authors} authors, {Tags} tags; {Accepted} engagements accepted, {Skipped} skipped; {Seconds:F2}s")]
    public static partial void FeatureStoreBuilt(ILogger logger, int users, int posts, int authors, int tags, long accepted, long skipped, double seconds);
}
