using Recommender.Data;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// A clock whose "now" is a moment of the data (by default the latest engagement), so that a generated feed or an
/// old data set such as MovieLens is trained and ranked as if it were live; runs are then repeatable. Elapsed time
/// and timers still follow the system clock.
/// </summary>
public sealed class DataClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The latest engagement a source holds (one pass over the engagements), or null when there is none.</summary>
    public static async Task<DateTimeOffset?> LatestEngagementAsync(IRecommenderDataSource source, CancellationToken cancellationToken)
    {
        DateTimeOffset? latest = null;
        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken))
        {
            if (latest is null || e.Timestamp > latest)
            {
                latest = e.Timestamp;
            }
        }

        return latest;
    }
}
