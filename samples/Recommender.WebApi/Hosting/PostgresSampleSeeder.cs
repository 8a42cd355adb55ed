using Npgsql;
using NpgsqlTypes;
using Recommender.Postgres;
using Recommender.SampleData;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// <c>--seed-sample</c>: creates the sample host tables (<see cref="PostgresSampleSchema"/>) when missing and, when
/// they hold no user yet, fills them with a generated feed by binary COPY. Never touches tables that have data.
/// </summary>
internal static class PostgresSampleSeeder
{
    /// <summary>Seeds the tables; returns the number of engagements written (0 when the tables already had data).</summary>
    public static async Task<int> SeedAsync(NpgsqlDataSource dataSource, string? schema, Func<SocialFeed> feed, CancellationToken cancellationToken)
    {
        await PostgresSampleSchema.CreateAsync(dataSource, schema, cancellationToken);
        var prefix = schema is null ? string.Empty : $"\"{schema}\".";
        await using (var count = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {prefix}users)"))
        {
            if (await count.ExecuteScalarAsync(cancellationToken) is true)
            {
                return 0;
            }
        }

        var data = feed();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var users = await connection.BeginBinaryImportAsync($"COPY {prefix}users (id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var user in data.Users)
            {
                await users.StartRowAsync(cancellationToken);
                await users.WriteAsync(user.Id, NpgsqlDbType.Text, cancellationToken);
                await users.WriteAsync(user.CreatedAt ?? data.Posts[0].CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await users.CompleteAsync(cancellationToken);
        }

        await using (var posts = await connection.BeginBinaryImportAsync($"COPY {prefix}posts (id, author_id, created_at, tags, text) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var post in data.Posts)
            {
                await posts.StartRowAsync(cancellationToken);
                await posts.WriteAsync(post.Id, NpgsqlDbType.Text, cancellationToken);
                await WriteTextAsync(posts, post.AuthorId, cancellationToken);
                await posts.WriteAsync(post.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await posts.WriteAsync(post.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteTextAsync(posts, post.Text, cancellationToken);
            }

            await posts.CompleteAsync(cancellationToken);
        }

        await using (var engagements = await connection.BeginBinaryImportAsync($"COPY {prefix}engagements (user_id, post_id, kind, created_at, weight) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var e in data.Engagements)
            {
                await engagements.StartRowAsync(cancellationToken);
                await engagements.WriteAsync(e.UserId, NpgsqlDbType.Text, cancellationToken);
                await engagements.WriteAsync(e.PostId, NpgsqlDbType.Text, cancellationToken);
                await engagements.WriteAsync(e.Kind.ToString(), NpgsqlDbType.Text, cancellationToken);
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

        await using (var follows = await connection.BeginBinaryImportAsync($"COPY {prefix}follows (follower_id, followee_id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var f in data.Follows.DistinctBy(f => (f.FollowerId, f.FolloweeId)))
            {
                await follows.StartRowAsync(cancellationToken);
                await follows.WriteAsync(f.FollowerId, NpgsqlDbType.Text, cancellationToken);
                await follows.WriteAsync(f.FolloweeId, NpgsqlDbType.Text, cancellationToken);
                await follows.WriteAsync(f.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await follows.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return data.Engagements.Count;
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
