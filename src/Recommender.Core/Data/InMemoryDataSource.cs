using System.Runtime.CompilerServices;

namespace Recommender.Data;

/// <summary>
/// A thread-safe, in-process <see cref="IRecommenderDataSource"/>. Adding a post whose id already exists replaces it;
/// engagements and follows are appended. Reads see a snapshot taken when the read starts.
/// </summary>
public sealed class InMemoryDataSource : IRecommenderDataSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Post> _posts = new(StringComparer.Ordinal);
    private readonly List<Engagement> _engagements = [];
    private readonly List<Follow> _follows = [];

    /// <summary>Creates an empty source.</summary>
    public InMemoryDataSource()
    {
    }

    /// <summary>Creates a source holding the given data.</summary>
    /// <param name="users">Users to add.</param>
    /// <param name="posts">Posts to add.</param>
    /// <param name="engagements">Engagements to add.</param>
    /// <param name="follows">Follow relations to add, if any.</param>
    public InMemoryDataSource(IEnumerable<User> users, IEnumerable<Post> posts, IEnumerable<Engagement> engagements, IEnumerable<Follow>? follows = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(engagements);
        AddUsers(users);
        AddPosts(posts);
        AddEngagements(engagements);
        if (follows is not null)
        {
            AddFollows(follows);
        }
    }

    /// <summary>The number of engagements held.</summary>
    public int EngagementCount
    {
        get
        {
            lock (_gate)
            {
                return _engagements.Count;
            }
        }
    }

    /// <summary>Adds or replaces users.</summary>
    /// <param name="users">The users.</param>
    /// <exception cref="ArgumentException">A user has a null or empty id.</exception>
    public void AddUsers(IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var list = users.ToList();
        foreach (var user in list)
        {
            ArgumentNullException.ThrowIfNull(user, nameof(users));
            Guard.NotNullOrEmpty(user.Id, "User.Id");
        }

        lock (_gate)
        {
            foreach (var user in list)
            {
                _users[user.Id] = user;
            }
        }
    }

    /// <summary>Adds or replaces posts.</summary>
    /// <param name="posts">The posts.</param>
    /// <exception cref="ArgumentException">A post has a null or empty id.</exception>
    public void AddPosts(IEnumerable<Post> posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var list = posts.ToList();
        foreach (var post in list)
        {
            ArgumentNullException.ThrowIfNull(post, nameof(posts));
            Guard.NotNullOrEmpty(post.Id, "Post.Id");
        }

        lock (_gate)
        {
            foreach (var post in list)
            {
                _posts[post.Id] = post;
            }
        }
    }

    /// <summary>Appends engagements.</summary>
    /// <param name="engagements">The engagements.</param>
    /// <exception cref="ArgumentException">An engagement has a null or empty user or post id.</exception>
    public void AddEngagements(IEnumerable<Engagement> engagements)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        var list = engagements.ToList();
        foreach (var e in list)
        {
            Guard.NotNullOrEmpty(e.UserId, "Engagement.UserId");
            Guard.NotNullOrEmpty(e.PostId, "Engagement.PostId");
        }

        lock (_gate)
        {
            _engagements.AddRange(list);
        }
    }

    /// <summary>Appends one engagement.</summary>
    /// <param name="engagement">The engagement.</param>
    public void AddEngagement(Engagement engagement) => AddEngagements([engagement]);

    /// <summary>Appends follow relations.</summary>
    /// <param name="follows">The follows.</param>
    public void AddFollows(IEnumerable<Follow> follows)
    {
        ArgumentNullException.ThrowIfNull(follows);
        var list = follows.ToList();
        foreach (var f in list)
        {
            Guard.NotNullOrEmpty(f.FollowerId, "Follow.FollowerId");
            Guard.NotNullOrEmpty(f.FolloweeId, "Follow.FolloweeId");
        }

        lock (_gate)
        {
            _follows.AddRange(list);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<User> ReadUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        User[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _users.Values];
        }

        foreach (var item in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Post[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _posts.Values];
        }

        foreach (var item in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (createdSince is null || item.CreatedAt >= createdSince.Value)
            {
                yield return item;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Engagement[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _engagements];
        }

        for (var i = 0; i < snapshot.Length; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (since is null || snapshot[i].Timestamp > since.Value)
            {
                yield return snapshot[i];
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Follow> ReadFollowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Follow[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _follows];
        }

        foreach (var item in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new List<Post>(postIds.Count);
        lock (_gate)
        {
            foreach (var id in postIds)
            {
                if (id is not null && _posts.TryGetValue(id, out var post))
                {
                    found.Add(post);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Post>>(found);
    }
}
