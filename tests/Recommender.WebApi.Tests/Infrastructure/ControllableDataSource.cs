using System.Runtime.CompilerServices;
using Recommender.Data;

namespace Recommender.WebApi.Tests.Infrastructure;

/// <summary>
/// An in-memory data source whose engagement reads (what training reads first) can be made to fail or to wait:
/// a failing database, a slow one. Post lookups keep working, as they would for a host whose analytics table broke.
/// </summary>
public sealed class ControllableDataSource(InMemoryDataSource inner) : IRecommenderDataSource
{
    private volatile Exception? _failure;
    private volatile TaskCompletionSource? _gate;

    /// <summary>Makes every engagement read throw this (null: work again).</summary>
    public Exception? Failure
    {
        get => _failure;
        set => _failure = value;
    }

    /// <summary>Holds engagement reads until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public IAsyncEnumerable<User> ReadUsersAsync(CancellationToken cancellationToken = default) => inner.ReadUsersAsync(cancellationToken);

    public IAsyncEnumerable<Post> ReadPostsAsync(DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default) =>
        inner.ReadPostsAsync(createdSince, cancellationToken);

    public async IAsyncEnumerable<Engagement> ReadEngagementsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (_failure is { } failure)
        {
            throw failure;
        }

        await foreach (var e in inner.ReadEngagementsAsync(since, cancellationToken))
        {
            yield return e;
        }
    }

    public IAsyncEnumerable<Follow> ReadFollowsAsync(CancellationToken cancellationToken = default) => inner.ReadFollowsAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Post>> FindPostsAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken = default) =>
        inner.FindPostsAsync(postIds, cancellationToken);
}
