using System.Runtime.CompilerServices;
using Recommender.Data;

namespace Recommender.Core.Tests.Serving.Support;

/// <summary>
/// A data source over an <see cref="InMemoryDataSource"/> whose calls can be intercepted: lookups that hang, throw or
/// block until released, and engagement reads that fail or wait part-way.
/// </summary>
internal sealed class DelegatingDataSource(IRecommenderDataSource inner) : IRecommenderDataSource
{
    private int _findCalls;

    /// <summary>Replaces <see cref="FindPostsAsync"/>; null delegates to the inner source.</summary>
    public Func<IReadOnlyCollection<string>, CancellationToken, ValueTask<IReadOnlyList<Post>>>? OnFind { get; set; }

    /// <summary>Called before each engagement is yielded, with its position in the read (0-based); may throw or wait.</summary>
    public Func<int, CancellationToken, ValueTask>? OnEngagement { get; set; }

    /// <summary>Called when a post read starts (ReadPostsAsync); may throw.</summary>
    public Action<DateTimeOffset?>? OnReadPosts { get; set; }

    public int FindCalls => Volatile.Read(ref _findCalls);

    public IAsyncEnumerable<User> ReadUsersAsync(CancellationToken cancellationToken = default) => inner.ReadUsersAsync(cancellationToken);

    public IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default)
    {
        OnReadPosts?.Invoke(createdSince);
        return inner.ReadPostsAsync(createdSince, cancellationToken);
    }

    public async IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var i = 0;
        await foreach (var e in inner.ReadEngagementsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            if (OnEngagement is { } hook)
            {
                await hook(i, cancellationToken).ConfigureAwait(false);
            }

            i++;
            yield return e;
        }
    }

    public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default) => inner.ReadFollowsAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _findCalls);
        return OnFind is { } find ? find(postIds, cancellationToken) : inner.FindPostsAsync(postIds, cancellationToken);
    }
}
