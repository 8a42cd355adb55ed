using Npgsql;
using Recommender.Postgres;
using Recommender.SampleData;

namespace Recommender.ConsoleSample.Demo;

/// <summary>
/// Fills the sample schema (<see cref="PostgresSampleSchema"/>: users, posts, engagements, follows) with a generated
/// feed, as a host's application would have filled its own tables: the tables are created when missing, emptied,
/// and loaded with binary COPY in one transaction.
/// </summary>
public static class SampleDatabase
{
    public static async Task FillAsync(NpgsqlDataSource dataSource, string schema, SocialFeed feed, CancellationToken cancellationToken)
    {
        await PostgresSampleSchema.CreateAsync(dataSource, schema, cancellationToken);
        var fallbackTime = feed.Engagements.Count > 0 ? feed.Engagements[0].Timestamp : DateTimeOffset.UnixEpoch;
        var users = feed.Users.Select(u => u.CreatedAt is null ? u with { CreatedAt = fallbackTime } : u);
        await PostgresSampleSchema.FillAsync(dataSource, schema, users, feed.Posts, feed.Engagements, feed.Follows, truncate: true, cancellationToken);
    }
}
