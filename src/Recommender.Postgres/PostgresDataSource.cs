using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Recommender.Data;

namespace Recommender.Postgres;

/// <summary>
/// Reads the host's users, posts, engagements and follows from PostgreSQL. Reads stream through a server-side
/// cursor in a read-only transaction, <see cref="PostgresDataSourceOptions.FetchSize"/> rows per round trip, so a
/// table of any size never becomes one list; every value travels as a parameter. Thread-safe: each read uses its
/// own pooled connection.
/// </summary>
/// <remarks>
/// Row conditions: an engagement whose kind is not in <see cref="PostgresDataSourceOptions.KindNames"/>, and a row
/// of any table with a NULL id, kind or required timestamp, is skipped, counted in <see cref="Statistics"/> and
/// reported in one warning at the end of the read. Incremental reads return engagements whose time is after the
/// watermark, so rows committed late with an older time are missed: give the time column the insert time
/// (<c>DEFAULT now()</c>) or read with some overlap.
/// A database that cannot be reached when a read starts is a <see cref="PostgresUnavailableException"/>; a connection
/// that breaks in the middle of a read surfaces as Npgsql's exception.
/// </remarks>
public sealed partial class PostgresDataSource : IRecommenderDataSource
{
    private const string CursorName = "recommender_read";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresDataSourceOptions _options;
    private readonly HostSql _sql;
    private readonly Dictionary<string, EngagementKind> _kinds;
    private readonly ILogger _logger;
    private readonly Counters _counters = new();

    /// <summary>Creates a source over the host's database.</summary>
    /// <param name="dataSource">The host's database; the source opens one pooled connection per read.</param>
    /// <param name="options">Table and column names or SELECTs; null for the default layout. Copied: later changes have no effect.</param>
    /// <param name="logger">Receives read summaries and skipped-row warnings; null for none.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public PostgresDataSource(NpgsqlDataSource dataSource, PostgresDataSourceOptions? options = null, ILogger<PostgresDataSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresDataSourceOptions();
        options.Validate();
        _dataSource = dataSource;
        _options = options.Clone();
        _kinds = _options.KindNames;
        _sql = new HostSql(_options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>What this source has read and skipped since it was created.</summary>
    public PostgresDataSourceStatistics Statistics => _counters.Snapshot();

    /// <inheritdoc />
    public IAsyncEnumerable<User> ReadUsersAsync(CancellationToken cancellationToken = default)
        => StreamAsync(new UserReader(this), _sql.UsersAll, bindSince: false, since: null, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default)
        => createdSince is null
            ? StreamAsync(new PostReader(this), _sql.PostsAll, _sql.PostsAllUsesSince, null, cancellationToken)
            : StreamAsync(new PostReader(this), _sql.PostsSince, bindSince: true, createdSince, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
        => since is null
            ? StreamAsync(new EngagementReader(this), _sql.EngagementsAll, _sql.EngagementsAllUsesSince, null, cancellationToken)
            : StreamAsync(new EngagementReader(this), _sql.EngagementsSince, bindSince: true, since, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default)
        => _sql.FollowsAll is null
            ? Empty<Follow>(cancellationToken)
            : StreamAsync(new FollowReader(this), _sql.FollowsAll, bindSince: false, since: null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One query, <c>id = ANY(@ids)</c>; null and repeated ids are ignored; the order is the database's.</remarks>
    public async ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = new HashSet<string>(postIds.Count, StringComparer.Ordinal);
        foreach (var id in postIds)
        {
            if (id is not null)
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        var rowReader = new PostReader(this);
        var found = new List<Post>(ids.Count);
        var connection = await OpenAsync("look up posts", cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        using var command = new NpgsqlCommand(_sql.FindPosts, connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.ToArray() });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            rowReader.CheckShape(reader);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (rowReader.TryRead(reader, out var post))
                {
                    found.Add(post);
                }
            }
        }

        rowReader.Complete(found.Count);
        return found;
    }

    /// <summary>Opens a pooled connection; a database that cannot be reached is a <see cref="PostgresUnavailableException"/>.</summary>
    private async ValueTask<NpgsqlConnection> OpenAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable(operation, _options.Schema ?? "(search_path)", ex);
        }
    }

#pragma warning disable CS1998 // An empty stream has nothing to await.
    private static async IAsyncEnumerable<T> Empty<T>([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        yield break;
    }
#pragma warning restore CS1998
}
