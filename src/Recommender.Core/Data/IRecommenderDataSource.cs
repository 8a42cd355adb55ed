namespace Recommender.Data;

/// <summary>
/// Where Recommender reads the host's users, posts and engagements. Reads are streamed and cancellable so that
/// large tables never have to fit in one list. <see cref="InMemoryDataSource"/> is the in-process implementation;
/// the Recommender.Postgres package reads PostgreSQL.
/// </summary>
public interface IRecommenderDataSource
{
    /// <summary>Streams every known user.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<User> ReadUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams posts, optionally only those created at or after <paramref name="createdSince"/>.</summary>
    /// <param name="createdSince">A lower bound on <see cref="Post.CreatedAt"/>, or null for all posts.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams engagements, optionally only those with a timestamp after <paramref name="since"/>
    /// (the watermark of an incremental read).
    /// </summary>
    /// <param name="since">An exclusive lower bound on <see cref="Engagement.Timestamp"/>, or null for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>Streams follow relations between users. Sources without a social graph return nothing.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default);

    /// <summary>Looks up posts by id (for example candidates the host hands in); unknown ids are left out.</summary>
    /// <param name="postIds">The ids to look up.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default);
}
