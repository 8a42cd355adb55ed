using Microsoft.Extensions.Logging;

namespace Recommender.Training;

/// <summary>
/// Records a running training run in the store every interval (the store stamps the heartbeat), until disposed.
/// Disposal waits for a write in flight, so that the run's last record always comes after its last heartbeat.
/// A failed write is logged and retried at the next beat.
/// </summary>
internal sealed class RunHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    public RunHeartbeat(IModelStore store, TrainingRunInfo run, TimeSpan interval, TimeProvider timeProvider, ILogger logger)
    {
        // The timer starts here, with the run, not when the loop first gets a thread (a busy pool would shift every beat).
        var timer = new PeriodicTimer(interval, timeProvider);
        var token = _stop.Token;
        _loop = Task.Run(() => BeatAsync(timer, store, run, logger, token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task BeatAsync(PeriodicTimer timer, IModelStore store, TrainingRunInfo run, ILogger logger, CancellationToken stop)
    {
        using var owned = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await store.RecordRunAsync(run, stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    Log.HeartbeatFailed(logger, ex, run.RunId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }
}
