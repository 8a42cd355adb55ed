using System.Globalization;
using Microsoft.Extensions.Options;
using Recommender.Training;
using Recommender.WebApi.Hosting;

namespace Recommender.WebApi.Training;

/// <summary>
/// Starts training runs in the background and remembers them, so that a client learns a run id at once (202
/// Accepted) and polls the status until the run ends. The id is made here ("train-…" or "retrain-…"); the
/// pipeline's own run id, outcome, version and error are added when it ends. One run at a time: a request while an
/// API run is in progress gets that run's id back (<c>joined: true</c>); a run the SDK started itself (at start or
/// on schedule) is joined by the pipeline (<see cref="TrainingPipeline.TrainAsync"/>). Runs stop when the host stops.
/// </summary>
internal sealed class TrainingRunTracker : IAsyncDisposable
{
    private readonly TrainingPipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _history;
    private readonly CancellationTokenSource _stopping;
    private readonly Lock _gate = new();
    private readonly LinkedList<TrackedRun> _runs = new();
    private readonly List<Task> _tasks = [];
    private TrackedRun? _current;

    public TrainingRunTracker(TrainingPipeline pipeline, TimeProvider timeProvider, IHostApplicationLifetime lifetime, IOptions<WebApiOptions> options, ILogger<TrainingRunTracker> logger)
    {
        _pipeline = pipeline;
        _timeProvider = timeProvider;
        _logger = logger;
        _history = options.Value.RunHistory;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    }

    /// <summary>The run in progress, or null.</summary>
    public TrackedRun? Current
    {
        get
        {
            lock (_gate)
            {
                return _current is { IsFinished: false } c ? c : null;
            }
        }
    }

    /// <summary>Remembered runs, newest first.</summary>
    public IReadOnlyList<TrackedRun> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>Starts a run, or returns the one in progress (joined).</summary>
    /// <param name="kind">"train" or "retrain".</param>
    public (TrackedRun Run, bool Joined) Start(string kind)
    {
        lock (_gate)
        {
            if (_current is { IsFinished: false } running)
            {
                Log.TrainingJoined(_logger, running.RunId, kind);
                return (running, true);
            }

            var now = _timeProvider.GetUtcNow();
            var id = $"{kind}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
            var run = new TrackedRun(id, kind, now, _pipeline.IsRunning);
            _current = run;
            _runs.AddFirst(run);
            while (_runs.Count > _history)
            {
                _runs.RemoveLast();
            }

            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(Task.Run(() => RunAsync(run), CancellationToken.None));
            Log.TrainingAccepted(_logger, id, kind, run.PipelineWasBusy);
            return (run, false);
        }
    }

    /// <summary>A remembered run by its API id, or null.</summary>
    public TrackedRun? Find(string runId)
    {
        lock (_gate)
        {
            return _runs.FirstOrDefault(r => string.Equals(r.RunId, runId, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] tasks;
        lock (_gate)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks);
        _stopping.Dispose();
    }

    private async Task RunAsync(TrackedRun run)
    {
        try
        {
            var result = await _pipeline.TrainAsync(_stopping.Token);
            run.Complete(result, _timeProvider.GetUtcNow());
            Log.TrainingFinished(_logger, run.RunId, result.RunId, result.Outcome, result.ModelVersion, result.Error);
        }
        catch (Exception ex)
        {
            // TrainAsync reports data failures in its result; this is a cancellation while joining, or a bug.
            run.Fail($"{ex.GetType().Name}: {ex.Message}", _timeProvider.GetUtcNow());
            Log.TrainingCrashed(_logger, ex, run.RunId);
        }
    }
}
