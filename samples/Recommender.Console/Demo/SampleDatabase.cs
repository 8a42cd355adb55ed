using Npgsql;
using NpgsqlTypes;
using Recommender.Data;
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
        var q = '"' + schema + '"'; // validated by CreateAsync: [A-Za-z_][A-Za-z0-9_]*
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var truncate = new NpgsqlCommand($"TRUNCATE {q}.users, {q}.posts, {q}.engagements, {q}.follows", connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        }

        var fallbackTime = feed.Engagements.Count > 0 ? feed.Engagements[0].Timestamp : DateTimeOffset.UnixEpoch;
        await using (var users = await connection.BeginBinaryImportAsync($"COPY {q}.users (id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var user in feed.Users)
            {
                await users.StartRowAsync(cancellationToken);
                await users.WriteAsync(user.Id, NpgsqlDbType.Text, cancellationToken);
                await users.WriteAsync(user.CreatedAt ?? fallbackTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await users.CompleteAsync(cancellationToken);
        }

        await using (var posts = await connection.BeginBinaryImportAsync($"COPY {q}.posts (id, author_id, created_at, tags, text) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var post in feed.Posts)
            {
                await posts.StartRowAsync(cancellationToken);
                await posts.WriteAsync(post.Id, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(posts, post.AuthorId, cancellationToken);
                await posts.WriteAsync(post.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await posts.WriteAsync(post.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(posts, post.Text, cancellationToken);
            }

            await posts.CompleteAsync(cancellationToken);
        }

        await using (var engagements = await connection.BeginBinaryImportAsync($"COPY {q}.engagements (user_id, post_id, kind, created_at, weight) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var e in feed.Engagements)
            {
                await engagements.StartRowAsync(cancellationToken);
                await engagements.WriteAsync(e.UserId, NpgsqlDbType.Text, cancellationToken);
                await engagements.WriteAsync(e.PostId, NpgsqlDbType.Text, cancellationToken);
                await engagements.WriteAsync(KindName(e.Kind), NpgsqlDbType.Text, cancellationToken);
                await engagements.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, cancellationToken);
                if (e.Weight is { } weight)
                {
                    await engagements.WriteAsync(weight, NpgsqlDbType.Real, cancellationToken);
                }
                else
                {
                    await engagements.WriteNullAsync(cancellationToken);
                }
            }

            await engagements.CompleteAsync(cancellationToken);
        }

        await using (var follows = await connection.BeginBinaryImportAsync($"COPY {q}.follows (follower_id, followee_id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var f in feed.Follows)
            {
                await follows.StartRowAsync(cancellationToken);
                await follows.WriteAsync(f.FollowerId, NpgsqlDbType.Text, cancellationToken);
                await follows.WriteAsync(f.FolloweeId, NpgsqlDbType.Text, cancellationToken);
                await follows.WriteAsync(f.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await follows.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The word stored in the kind column: the lower-case name, as PostgresDataSource reads it by default.</summary>
    private static string KindName(EngagementKind kind) => kind.ToString().ToLowerInvariant();

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
