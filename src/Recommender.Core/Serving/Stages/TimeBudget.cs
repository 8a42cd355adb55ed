namespace Recommender.Serving;

/// <summary>
/// Stage 5 of a request: runs work under <see cref="ServingOptions.TimeBudget"/>, throwing <see cref="TimeoutException"/>
/// when it takes longer (the work's token is then cancelled and the work abandoned). Inline (the common case: a ranking
/// of known posts, tens of microseconds) the work starts on the calling thread and only what it awaits (data source
/// lookups) is timed: no thread hop, no timer when it completes synchronously. Otherwise (large requests) it runs on
/// the thread pool and all of it is timed. The work's token is also cancelled when the engine stops.
/// </summary>
internal sealed class TimeBudget(Func<ServingOptions> options, TimeProvider timeProvider, CancellationToken stopping)
{
    /// <summary>A budget over fixed options (tests).</summary>
    public TimeBudget(ServingOptions options, TimeProvider timeProvider, CancellationToken stopping)
        : this(() => options, timeProvider, stopping)
    {
    }

    public async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> work, bool inline = true)
    {
        var budget = options().TimeBudget;
        if (budget == Timeout.InfiniteTimeSpan)
        {
            return await work(stopping).ConfigureAwait(false);
        }

        var started = timeProvider.GetTimestamp();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task<T> task;
        if (inline)
        {
            var pending = work(cts.Token);
            if (pending.IsCompletedSuccessfully)
            {
                cts.Dispose();
                return pending.Result;
            }

            task = pending.AsTask();
        }
        else
        {
            task = Task.Run(() => work(cts.Token).AsTask(), cts.Token);
        }

        try
        {
            var remaining = budget - timeProvider.GetElapsedTime(started);
            var result = await task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider).ConfigureAwait(false);
            cts.Dispose();
            return result;
        }
        catch (TimeoutException)
        {
            // The work is abandoned: cancel what can be cancelled (lookups); the token source is left to the GC
            // because the abandoned work may still observe it.
            await cts.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
