using System.Collections.Concurrent;

namespace Recommender.Serving;

/// <summary>
/// Stage 4 of a request: concurrent callers with the same key share one computation. A caller that gives up (its
/// token) stops waiting without cancelling the computation the others wait for. The key is forgotten when the
/// computation ends, so the next call after that computes again (the cache, not this, keeps answers).
/// </summary>
internal sealed class SingleFlight<TKey, TResult>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TResult>>> _inflight = new();

    /// <summary>Computations in progress.</summary>
    public int Count => _inflight.Count;

    /// <summary>Joins the computation in progress for <paramref name="key"/>, or starts <paramref name="work"/> with the key and <paramref name="state"/>.</summary>
    public Task<TResult> RunAsync<TState>(TKey key, TState state, Func<TKey, TState, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var lazy = _inflight.GetOrAdd(
            key,
            static (k, a) => new Lazy<Task<TResult>>(() => a.Self.RunThenForgetAsync(k, a.State, a.Work)),
            (Self: this, State: state, Work: work));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<TResult> RunThenForgetAsync<TState>(TKey key, TState state, Func<TKey, TState, Task<TResult>> work)
    {
        try
        {
            return await work(key, state).ConfigureAwait(false);
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }
}
