using System.Runtime.CompilerServices;

namespace Recommender.Data;

/// <summary>
/// An <see cref="IRecommenderDataSource"/> over files in the evaluation protocol's CSV format or MovieLens' formats
/// (see <see cref="DataFiles"/>): every read streams the file anew, so the source holds nothing in memory and sees
/// the files as they are when a read starts. Malformed lines throw <see cref="DataFileException"/> (file and line);
/// a missing file throws <see cref="FileNotFoundException"/> when a read starts. There is no follow file: follows
/// are empty.
/// </summary>
public sealed class CsvDataSource : IRecommenderDataSource
{
    private readonly string _interactionsPath;
    private readonly string? _postsPath;
    private readonly string? _usersPath;

    /// <summary>Creates a source over files.</summary>
    /// <param name="interactionsPath">The interactions (engagements) file.</param>
    /// <param name="postsPath">The posts file, or null when there is none (posts are then empty).</param>
    /// <param name="usersPath">The users file, or null when there is none (users are then empty).</param>
    /// <exception cref="ArgumentException"><paramref name="interactionsPath"/> is null or empty, or an optional path is empty.</exception>
    public CsvDataSource(string interactionsPath, string? postsPath = null, string? usersPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionsPath, nameof(interactionsPath));
        if (postsPath is { Length: 0 })
        {
            throw new ArgumentException("postsPath must be null or a path.", nameof(postsPath));
        }

        if (usersPath is { Length: 0 })
        {
            throw new ArgumentException("usersPath must be null or a path.", nameof(usersPath));
        }

        _interactionsPath = interactionsPath;
        _postsPath = postsPath;
        _usersPath = usersPath;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<User> ReadUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_usersPath is null)
        {
            yield break;
        }

        var format = DataFileFormats.Detect(_usersPath);
        using var cursor = new UserFileCursor(DataFileFormats.Open(_usersPath, format, asynchronous: true), format);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return cursor.Current;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_postsPath is null)
        {
            yield break;
        }

        var format = DataFileFormats.Detect(_postsPath);
        using var cursor = new PostFileCursor(DataFileFormats.Open(_postsPath, format, asynchronous: true), format);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (createdSince is null || cursor.Current.CreatedAt >= createdSince.Value)
            {
                yield return cursor.Current;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var format = DataFileFormats.Detect(_interactionsPath);
        using var cursor = new EngagementFileCursor(DataFileFormats.Open(_interactionsPath, format, asynchronous: true), format);
        while (await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (since is null || cursor.Current.Timestamp > since.Value)
            {
                yield return cursor.Current;
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default) => AsyncEnumerable.Empty<Follow>();

    /// <inheritdoc />
    /// <remarks>Scans the posts file once; when an id appears on several lines, the first is returned.</remarks>
    public async ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in postIds)
        {
            if (id is not null)
            {
                wanted.Add(id);
            }
        }

        var found = new List<Post>(wanted.Count);
        if (wanted.Count == 0)
        {
            return found;
        }

        await foreach (var post in ReadPostsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Remove(post.Id))
            {
                found.Add(post);
                if (wanted.Count == 0)
                {
                    break;
                }
            }
        }

        return found;
    }
}
