using Npgsql;
using NpgsqlTypes;
using Recommender.Data;

namespace Recommender.Postgres;

public static partial class PostgresSampleSchema
{
    /// <summary>
    /// Writes users, posts, engagements and follows into the default layout's tables with binary COPY, in one
    /// transaction (samples and tests; a host fills its own tables). Kinds are stored as their lower-case names, as
    /// <see cref="PostgresDataSource"/> reads them by default; repeated follows are written once; a user without a
    /// creation time is stored as created at the Unix epoch (the column is NOT NULL).
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="schema">The schema of the tables (as given to <see cref="CreateAsync"/>); null for <c>search_path</c>.</param>
    /// <param name="users">Users.</param>
    /// <param name="posts">Posts.</param>
    /// <param name="engagements">Engagements.</param>
    /// <param name="follows">Follow relations.</param>
    /// <param name="truncate">Empty the four tables first.</param>
    /// <param name="cancellationToken">Stops the load; nothing is written then.</param>
    /// <exception cref="ArgumentException">The schema name is invalid.</exception>
    public static async Task FillAsync(
        NpgsqlDataSource dataSource,
        string? schema,
        IEnumerable<User> users,
        IEnumerable<Post> posts,
        IEnumerable<Engagement> engagements,
        IEnumerable<Follow> follows,
        bool truncate = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(engagements);
        ArgumentNullException.ThrowIfNull(follows);
        if (schema is not null && !PgIdentifier.IsValidHost(schema))
        {
            throw new ArgumentException($"The schema name must match {PgIdentifier.HostPattern}.", nameof(schema));
        }

        var q = schema is null ? string.Empty : PgIdentifier.Quote(schema) + ".";
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        if (truncate)
        {
            using var command = new NpgsqlCommand($"TRUNCATE {q}users, {q}posts, {q}engagements, {q}follows", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CopyAsync(connection, $"COPY {q}users (id, created_at) FROM STDIN (FORMAT BINARY)", users, static async (w, u, ct) =>
        {
            await w.WriteAsync(u.Id, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(u.CreatedAt ?? DateTimeOffset.UnixEpoch, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, $"COPY {q}posts (id, author_id, created_at, tags, text) FROM STDIN (FORMAT BINARY)", posts, static async (w, p, ct) =>
        {
            await w.WriteAsync(p.Id, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, p.AuthorId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await w.WriteAsync(p.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, p.Text, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, $"COPY {q}engagements (user_id, post_id, kind, created_at, weight) FROM STDIN (FORMAT BINARY)", engagements, static async (w, e, ct) =>
        {
            await w.WriteAsync(e.UserId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(e.PostId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(e.Kind.ToString().ToLowerInvariant(), NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await WriteNullableAsync(w, e.Weight, NpgsqlDbType.Real, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, $"COPY {q}follows (follower_id, followee_id, created_at) FROM STDIN (FORMAT BINARY)", follows.DistinctBy(f => (f.FollowerId, f.FolloweeId)), static async (w, f, ct) =>
        {
            await w.WriteAsync(f.FollowerId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(f.FolloweeId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await w.WriteAsync(f.CreatedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string copy, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using var scope = importer.ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await write(importer, row, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
