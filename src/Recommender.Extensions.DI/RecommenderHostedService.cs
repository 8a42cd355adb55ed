using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Runs Recommender inside a host. At start it loads the active models and warms the heuristic
/// (<see cref="RecommenderEngine.InitializeAsync"/>, awaited so that the first request finds the model) and marks
/// training runs left running by a killed instance abandoned (<see cref="TrainingPipeline.AbandonStaleRunsAsync"/>); then, in the
/// background, trains a model when none serves (<see cref="TrainingOptions.TrainOnStartWhenNoModel"/>) and retrains at
/// every occurrence of <see cref="TrainingOptions.Schedule"/> in <see cref="TrainingOptions.TimeZone"/>, waiting on the
/// container's <see cref="TimeProvider"/>. The schedule is read from <see cref="IOptionsMonitor{TOptions}"/>: a
/// configuration change recomputes the next run at once. Runs never overlap: a run already in progress (started by an
/// API call, say) is joined (<see cref="TrainingPipeline.TrainAsync"/>), and across instances the store's training
/// lock makes the others skip. Occurrences missed while a run took longer are not caught up. Stopping the host
/// cancels the wait and a run this service started (the active model stays), and waits, within the host's shutdown
/// timeout, for the run in progress to end. Nothing here crashes the host: failures are logged and the schedule goes on.
/// </summary>
internal sealed class RecommenderHostedService : BackgroundService
{
    /// <summary>The longest single wait: the schedule is re-read at least this often (clock changes, far-away dates).</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromHours(12);

    /// <summary>How long the scheduler pauses after an unexpected failure before it tries again.</summary>
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private readonly RecommenderEngine _engine;
    private readonly IOptionsMonitor<RecommenderOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IDisposable? _onChange;
    private CancellationTokenSource _scheduleChanged = new();
    private TrainingOptions _training;
    private long _nextRunAtUtcTicks; // 0: none

    public RecommenderHostedService(RecommenderEngine engine, IOptionsMonitor<RecommenderOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        _engine = engine;
        _options = options;
        _timeProvider = timeProvider;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender.Hosting") ?? NullLogger.Instance;
        _training = engine.Options.Training;
        _onChange = options.OnChange((_, _) => OnOptionsChanged());
    }

    /// <summary>When the next scheduled run is due, or null when none is (empty schedule, or not computed yet).</summary>
    internal DateTimeOffset? NextRunAt => Interlocked.Read(ref _nextRunAtUtcTicks) is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Loads the active models, then starts the background loop (training at start, then the schedule).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
            Log.Started(_logger, _engine.GetStatus().ActiveVersions.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.InitializationThrew(_logger, ex);
        }

        try
        {
            // A run another instance left "running" when it was killed is marked abandoned once its lease is over.
            await _engine.Training.AbandonStaleRunsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AbandonCheckFailed(_logger, ex);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the loop (cancelling a run it started), then waits for the run in progress to end.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await WaitForRunInProgressAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _onChange?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_engine.GetStatus().ModelTrainedAt is null && CurrentTraining().TrainOnStartWhenNoModel)
            {
                Log.TrainingOnStart(_logger);
                await TrainAsync("Start-up", stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await WaitForNextRunAsync(stoppingToken).ConfigureAwait(false))
                    {
                        await TrainAsync("Scheduled", stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.SchedulerFailed(_logger, ex, RetryAfterFailure.TotalSeconds);
                    await Task.Delay(RetryAfterFailure, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            Interlocked.Exchange(ref _nextRunAtUtcTicks, 0);
        }
    }

    /// <summary>
    /// Waits until the schedule's next occurrence. Returns true when it is due, false when the schedule changed
    /// meanwhile (the caller asks again). An empty schedule waits until it changes or the host stops.
    /// </summary>
    private async Task<bool> WaitForNextRunAsync(CancellationToken stoppingToken)
    {
        var changed = Volatile.Read(ref _scheduleChanged).Token;
        var schedule = TrainingSchedule.From(CurrentTraining());
        var due = schedule?.Next(_timeProvider.GetUtcNow());
        if (schedule is null || due is null)
        {
            Log.NoSchedule(_logger);
        }
        else
        {
            Log.NextRun(_logger, due.Value, schedule.Expression, schedule.Zone.Id);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed);
        var published = false;
        while (true)
        {
            var now = _timeProvider.GetUtcNow();
            if (due is { } at && now >= at)
            {
                Interlocked.Exchange(ref _nextRunAtUtcTicks, at.UtcTicks);
                return true;
            }

            var delay = due is { } next ? Min(next - now, MaxWait) : Timeout.InfiniteTimeSpan;
            try
            {
                // The due time is published once the timer exists: a clock that jumps (a test's fake time) between
                // reading "now" and arming the timer would otherwise leave it armed for a moment already past.
                var delayed = Task.Delay(delay, _timeProvider, wait.Token);
                if (!published)
                {
                    Interlocked.Exchange(ref _nextRunAtUtcTicks, due?.UtcTicks ?? 0);
                    published = true;
                }

                await delayed.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (changed.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                Log.ScheduleChanged(_logger);
                return false;
            }
        }
    }

    private async Task TrainAsync(string trigger, CancellationToken stoppingToken)
    {
        Log.TrainingTriggered(_logger, trigger, _engine.Training.IsRunning ? " (joining the run in progress)" : string.Empty);
        try
        {
            var result = await _engine.Training.TrainAsync(stoppingToken).ConfigureAwait(false);
            var joined = result.Joined ? " (joined the run in progress)" : string.Empty;
            if (result.Outcome is TrainingOutcome.Failed or TrainingOutcome.Rejected)
            {
                Log.TrainingEndedBadly(_logger, trigger, result.RunId, result.Outcome, joined, result.Error ?? string.Empty);
            }
            else
            {
                Log.TrainingEnded(_logger, trigger, result.RunId, result.Outcome, joined);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.TrainingThrew(_logger, ex, trigger);
        }
    }

    private async Task WaitForRunInProgressAsync(CancellationToken cancellationToken)
    {
        var training = _engine.Training;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCompleted(object? sender, TrainingRunResult result) => ended.TrySetResult();
        training.RunCompleted += OnCompleted;
        try
        {
            if (training.IsRunning)
            {
                Log.WaitingForTraining(_logger);
                await ended.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Log.TrainingOutlivedShutdown(_logger);
        }
        finally
        {
            training.RunCompleted -= OnCompleted;
        }
    }

    /// <summary>The current training options; when the configuration became invalid, the last valid ones.</summary>
    private TrainingOptions CurrentTraining()
    {
        try
        {
            _training = _options.CurrentValue.Training;
        }
        catch (OptionsValidationException ex)
        {
            Log.ScheduleUnreadable(_logger, ex);
        }

        return _training;
    }

    private void OnOptionsChanged()
    {
        var previous = Interlocked.Exchange(ref _scheduleChanged, new CancellationTokenSource());
        previous.Cancel();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
