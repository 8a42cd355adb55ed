using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Ranking;

namespace Recommender.Training;

/// <summary>
/// Trains, evaluates and publishes models: reads the data source, trains a <see cref="RecommenderModel"/>, evaluates
/// a model trained the same way on the latest engagements held out (rank task) against the active model and the
/// heuristic, saves the new version with its metadata, loads it back from the store (a version that does not load is
/// deleted and the run fails), and activates it only when it passes the quality gate. A failed or cancelled training
/// never touches the active model. While it runs, the run records a heartbeat every
/// <see cref="TrainingOptions.HeartbeatInterval"/>; each run first marks runs whose heartbeat stopped for longer than
/// their lease abandoned (<see cref="AbandonStaleRunsAsync"/>). One run at a time: a second request joins the run in
/// progress; another instance holding the store's training lock makes the run a no-op (<see cref="TrainingOutcome.Skipped"/>).
/// </summary>
public sealed class TrainingPipeline
{
    private Func<RecommenderOptions> _currentOptions;
    private readonly IRecommenderDataSource _source;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    /// <summary>The active model is compared only on at least this many held-out engagements it has not seen.</summary>
    private const int MinComparableTestRows = 20;

    private readonly Lock _gate = new();
    private Task<TrainingRunResult>? _running;
    private CancellationTokenSource? _runCancellation;
    private TrainingRunResult? _last;
    private TrainingProgress? _progress;
    private Func<ValueTask>? _stopHeartbeat; // the run in progress's heartbeat (one run at a time)
    private TimeSpan? _lease;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="options">The options (validated).</param>
    /// <param name="source">Where the data comes from.</param>
    /// <param name="registry">Where versions are published and activated.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public TrainingPipeline(RecommenderOptions options, IRecommenderDataSource source, ModelRegistry registry, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(Fixed(options), source, registry, loggerFactory, timeProvider)
    {
    }

    /// <summary>
    /// Creates a pipeline whose runs each read the options current then: a host that reloads its configuration
    /// passes, say, <c>() =&gt; optionsMonitor.CurrentValue</c> (as <c>AddRecommender</c> does), so a change applies
    /// from the next run. The options current now must be valid; a later invalid value makes that run fail with the
    /// list of problems.
    /// </summary>
    /// <param name="options">Where each run reads its options.</param>
    /// <param name="source">Where the data comes from.</param>
    /// <param name="registry">Where versions are published and activated.</param>
    /// <param name="loggerFactory">Where to log; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public TrainingPipeline(Func<RecommenderOptions> options, IRecommenderDataSource source, ModelRegistry registry, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(registry);
        var current = options();
        ArgumentNullException.ThrowIfNull(current, nameof(options));
        current.Validate();
        _currentOptions = options;
        _source = source;
        Registry = registry;
        _loggerFactory = loggerFactory;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Recommender.Training") ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    private static Func<RecommenderOptions> Fixed(RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return () => options;
    }

    /// <summary>Raised with every progress report of the run in progress (on the training thread).</summary>
    public event EventHandler<TrainingProgress>? ProgressChanged;

    /// <summary>Raised when a run finished (any outcome).</summary>
    public event EventHandler<TrainingRunResult>? RunCompleted;

    /// <summary>The registry the pipeline publishes to.</summary>
    public ModelRegistry Registry { get; }

    /// <summary>True while a run is in progress in this process.</summary>
    public bool IsRunning => Volatile.Read(ref _running) is { IsCompleted: false };

    /// <summary>The progress of the run in progress, or null.</summary>
    public TrainingProgress? Progress => IsRunning ? _progress : null;

    /// <summary>The last finished run, or null.</summary>
    public TrainingRunResult? LastRun => Volatile.Read(ref _last);

    internal RecommenderMetrics? Metrics { get; set; }

    /// <summary>
    /// Where each run reads its options (the DI layer passes IOptionsMonitor's current value, so a configuration change
    /// applies from the next run). Invalid options make that run fail with the list of problems.
    /// </summary>
    internal Func<RecommenderOptions> OptionsSource
    {
        get => _currentOptions;
        set => _currentOptions = value;
    }

    /// <summary>
    /// Runs a training, or joins the one in progress (the result then says <see cref="TrainingRunResult.Joined"/>).
    /// Never throws for data conditions: failures are reported in the result.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run when this call started it; a joining caller just stops waiting.</param>
    public async Task<TrainingRunResult> TrainAsync(CancellationToken cancellationToken = default)
    {
        Task<TrainingRunResult> run;
        var joined = false;
        lock (_gate)
        {
            if (_running is { IsCompleted: false } running)
            {
                run = running;
                joined = true;
            }
            else
            {
                // Observable from the start: the first report comes only after the data is read.
                _progress = new TrainingProgress("starting", 0);
                var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _runCancellation = cts;
                run = _running = Task.Run(() => RunAsync(cts.Token), CancellationToken.None);
                _ = run.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), cts, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        var result = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return joined ? result with { Joined = true } : result;
    }

    /// <summary>
    /// Cancels the run in progress, whoever started it (for example when the host stops); it ends as
    /// <see cref="TrainingOutcome.Cancelled"/> and the active model is untouched. Does nothing when no run is in progress.
    /// </summary>
    public void CancelRun()
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false })
            {
                try
                {
                    _runCancellation?.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run ended meanwhile.
                }
            }
        }
    }

    /// <summary>
    /// Marks the runs the store still records as running but whose heartbeat stopped for longer than their lease as
    /// <see cref="TrainingOutcome.Abandoned"/> (see <see cref="IModelStore.AbandonStaleRunsAsync"/>). Every run does
    /// this first; the hosted service (Recommender.Extensions.DI) does it at start.
    /// </summary>
    /// <param name="cancellationToken">Stops the change.</param>
    /// <returns>How many runs were marked.</returns>
    public async Task<int> AbandonStaleRunsAsync(CancellationToken cancellationToken = default)
    {
        var marked = await Registry.Store.AbandonStaleRunsAsync(cancellationToken).ConfigureAwait(false);
        if (marked > 0)
        {
            Log.RunsAbandoned(_logger, marked);
        }

        return marked;
    }

    private async Task<TrainingRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var started = _timeProvider.GetTimestamp();
        var runId = "run-" + startedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var result = new TrainingRunResult { RunId = runId, StartedAt = startedAt, Outcome = TrainingOutcome.Running };
        using var activity = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.Training);
        activity?.SetTag(RecommenderTelemetry.Tags.RunId, runId);
        IAsyncDisposable? trainingLock = null;
        try
        {
            var options = _currentOptions();
            options.Validate();
            trainingLock = await Registry.Store.TryAcquireTrainingLockAsync(cancellationToken).ConfigureAwait(false);
            if (trainingLock is null)
            {
                Log.TrainingSkipped(_logger, runId);
                return await FinishAsync(result with { Outcome = TrainingOutcome.Skipped, Error = "Another instance is training." }, started).ConfigureAwait(false);
            }

            await AbandonStaleRunsBestEffortAsync(cancellationToken).ConfigureAwait(false);
            _lease = options.Training.RunLease;
            await Registry.Store.RecordRunAsync(Record(result), cancellationToken).ConfigureAwait(false);
            _stopHeartbeat = new RunHeartbeat(Registry.Store, Record(result), options.Training.HeartbeatInterval, _timeProvider, _logger).DisposeAsync;
            Log.TrainingStarted(_logger, runId);
            RecommenderModel model;
            using (var fit = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.TrainingFit))
            {
                var progress = new ProgressRelay(this, fit);
                model = await new RecommenderTrainer(options, _loggerFactory, _timeProvider).FitAsync(_source, progress, cancellationToken).ConfigureAwait(false);
            }

            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["users"] = model.Info.Users,
                ["posts"] = model.Info.Posts,
                ["engagements"] = model.Info.Engagements,
                ["train_seconds"] = model.Info.Duration.TotalSeconds,
            };
            var gate = (Passed: true, Reason: (string?)null);
            if (options.Training.Evaluate)
            {
                Report(new TrainingProgress("evaluation", 0.97));
                using var evaluate = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.TrainingEvaluate);
                gate = await EvaluateAsync(options, metrics, cancellationToken).ConfigureAwait(false);
            }

            var version = Registry.NewVersionName(runId);
            var info = new ModelVersionInfo
            {
                Version = version,
                CreatedAt = _timeProvider.GetUtcNow(),
                TrainedAt = model.Info.TrainedAt,
                DataWatermark = model.Info.DataWatermark,
                Parameters = Parameters(options, model),
                Metrics = metrics,
            };
            await Registry.PublishAsync(model, info, cancellationToken).ConfigureAwait(false);
            await LoadBackAsync(runId, version, cancellationToken).ConfigureAwait(false);
            if (gate.Passed)
            {
                // Past this point the run goes live: a cancellation arriving during the switch must not report a
                // cancelled run while the new version serves, so the switch itself is not cancellable.
                cancellationToken.ThrowIfCancellationRequested();
                await Registry.ActivateAsync(version, ModelVariants.Default, CancellationToken.None).ConfigureAwait(false);
                Log.TrainingActivated(_logger, runId, version);
                result = result with { Outcome = TrainingOutcome.Activated, ModelVersion = version, Metrics = metrics };
            }
            else
            {
                Log.TrainingRejected(_logger, runId, version, gate.Reason ?? string.Empty);
                result = result with { Outcome = TrainingOutcome.Rejected, ModelVersion = version, Metrics = metrics, Error = gate.Reason };
            }

            try
            {
                // Housekeeping: a failure keeps old versions, it does not undo what the run published.
                await Registry.PruneAsync(options.Training.KeepVersions, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.PruneFailed(_logger, ex, runId);
            }

            return await FinishAsync(result, started).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.TrainingCancelled(_logger, runId);
            return await FinishAsync(result with { Outcome = TrainingOutcome.Cancelled, Error = "Training was cancelled." }, started).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.TrainingFailed(_logger, ex, runId);
            return await FinishAsync(result with { Outcome = TrainingOutcome.Failed, Error = $"{ex.GetType().Name}: {OneLine(ex.Message)}" }, started).ConfigureAwait(false);
        }
        finally
        {
            await StopHeartbeatAsync().ConfigureAwait(false);
            if (trainingLock is not null)
            {
                await trainingLock.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Loads the version just saved back from the store and checks it (<see cref="ModelVerifier"/>): what the store
    /// holds is what a restart will load. One that does not load is deleted (best effort) and the run fails.
    /// </summary>
    private async Task LoadBackAsync(string runId, string version, CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            problem = await LoadBackAsync(Registry.Store, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            problem = ex.Message;
            Log.SavedVersionUnloadable(_logger, ex, runId, version);
        }

        if (problem is null)
        {
            return;
        }

        try
        {
            await Registry.DeleteAsync(version, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UnloadableVersionNotDeleted(_logger, ex, runId, version);
        }

        throw new InvalidOperationException($"Version {version} was saved but does not load back from the model store, so it was not activated: {OneLine(problem)}");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private async Task AbandonStaleRunsBestEffortAsync(CancellationToken cancellationToken)
    {
        try
        {
            await AbandonStaleRunsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AbandonCheckFailed(_logger, ex);
        }
    }

    private async Task StopHeartbeatAsync()
    {
        if (Interlocked.Exchange(ref _stopHeartbeat, null) is { } stop)
        {
            await stop().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Trains a model the same way on the evaluation window minus its latest engagements, and compares it with the
    /// heuristic on those (rank task), and with the active model on those the active model was not trained on. The gate
    /// compares ndcg@k.
    /// </summary>
    private async Task<(bool Passed, string? Reason)> EvaluateAsync(RecommenderOptions options, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var training = options.Training;
        var since = _timeProvider.GetUtcNow() - training.EvaluationWindow;
        var latest = EngagementWeigher.LatestAcceptedAt(_timeProvider.GetUtcNow(), options.Weighting.MaxClockSkew);
        var engagements = new List<Engagement>();
        await foreach (var e in _source.ReadEngagementsAsync(since, cancellationToken).ConfigureAwait(false))
        {
            if (e.Timestamp <= latest)
            {
                engagements.Add(e);
            }
        }

        if (engagements.Count < 20)
        {
            metrics["evaluated"] = 0;
            return (true, null);
        }

        var posts = new List<Post>();
        await foreach (var post in _source.ReadPostsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            posts.Add(post);
        }

        var follows = new List<Follow>();
        await foreach (var follow in _source.ReadFollowsAsync(cancellationToken).ConfigureAwait(false))
        {
            follows.Add(follow);
        }

        var cutoff = DataSplitter.CutoffFor(engagements, training.HoldoutFraction);
        var active = Registry.Active.Default;
        var compareActive = false;
        if (active is not null)
        {
            // The active model must be judged on engagements it has not seen, and the candidate must see what it saw:
            // when the active model's watermark lies after the cut-off, the cut-off moves to it. When too few engagements
            // are left after it (a retrain on the same data), the active model is not compared; the heuristic gate applies.
            var watermark = active.Model.Info.DataWatermark;
            if (watermark is not { } w || w <= cutoff)
            {
                compareActive = true;
            }
            else if (engagements.Count(e => e.Timestamp > w) >= Math.Max(MinComparableTestRows, (int)(engagements.Count * training.HoldoutFraction / 10)))
            {
                cutoff = w;
                compareActive = true;
            }
        }

        var split = DataSplitter.ByTime(engagements, cutoff);
        var test = split.Test;
        metrics["active.compared"] = compareActive ? 1 : 0;
        if (split.Train.Count == 0 || test.Count == 0)
        {
            metrics["evaluated"] = 0;
            return (true, null);
        }

        var data = new EvaluationData(split.Train, test) { Posts = posts, Follows = follows };
        var models = new List<IEvaluationModel>
        {
            new HybridEvaluationModel(options, options.Ranking.LearnBlend, _loggerFactory, "candidate"),
            new HeuristicEvaluationModel(options.Heuristic),
        };
        if (compareActive)
        {
            models.Add(new ActiveModelEvaluationModel(active!.Model, options.Ranking));
        }

        var evaluation = new EvaluationOptions { Task = EvaluationTask.Rank, K = training.EvaluationK, Weighting = options.Weighting };
        var report = new OfflineEvaluator(evaluation, _loggerFactory?.CreateLogger("Recommender.Evaluation")).Evaluate(data, models, cancellationToken);
        var k = training.EvaluationK;
        double Ndcg(string name) => report.Models.First(m => m.Model == name).Ndcg;
        var candidate = Ndcg("candidate");
        var heuristic = Ndcg("heuristic");
        metrics["evaluated"] = 1;
        metrics[$"ndcg@{k}"] = candidate;
        metrics[$"precision@{k}"] = report.Models.First(m => m.Model == "candidate").Precision;
        metrics[$"heuristic.ndcg@{k}"] = heuristic;
        metrics["evaluation.users"] = report.Models[0].Users;
        if (candidate < heuristic * training.MinRelativeToHeuristic)
        {
            return (false, $"ndcg@{k} {candidate:F4} is below {training.MinRelativeToHeuristic:F2} x the heuristic's {heuristic:F4}.");
        }

        if (compareActive)
        {
            var activeNdcg = Ndcg("active");
            metrics[$"active.ndcg@{k}"] = activeNdcg;
            if (candidate < activeNdcg * training.MinRelativeToActive)
            {
                return (false, $"ndcg@{k} {candidate:F4} is below {training.MinRelativeToActive:F2} x the active model's {activeNdcg:F4}.");
            }
        }

        return (true, null);
    }

    private async Task<TrainingRunResult> FinishAsync(TrainingRunResult result, long started)
    {
        // The last heartbeat is written before the last record, never after it.
        await StopHeartbeatAsync().ConfigureAwait(false);
        var finished = result with { FinishedAt = _timeProvider.GetUtcNow() };
        Volatile.Write(ref _last, finished);
        _progress = null;
        Metrics?.Trained(finished.Outcome, _timeProvider.GetElapsedTime(started), finished.ModelVersion);
        if (Activity.Current is { OperationName: RecommenderTelemetry.Spans.Training } activity)
        {
            activity.SetTag(RecommenderTelemetry.Tags.Outcome, RecommenderMetrics.OutcomeTag(finished.Outcome));
            activity.SetTag(RecommenderTelemetry.Tags.ModelVersion, finished.ModelVersion);
            if (finished.Outcome == TrainingOutcome.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, finished.Error);
            }
        }

        if (finished.Outcome != TrainingOutcome.Skipped)
        {
            try
            {
                // Best effort: a store that fails here must not turn a trained model into a failure.
                await Registry.Store.RecordRunAsync(Record(finished), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.TrainingRunNotRecorded(_logger, ex, finished.RunId);
            }
        }

        RunCompleted?.Invoke(this, finished);
        return finished;
    }

    private TrainingRunInfo Record(TrainingRunResult result) => new()
    {
        Lease = _lease,
        RunId = result.RunId,
        StartedAt = result.StartedAt,
        FinishedAt = result.Outcome == TrainingOutcome.Running ? null : result.FinishedAt,
        Outcome = result.Outcome,
        Error = result.Error,
        ModelVersion = result.ModelVersion,
    };

    private static Dictionary<string, string> Parameters(RecommenderOptions options, RecommenderModel model)
    {
        var nmf = model.Collaborative?.Summary;
        var p = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["half_life"] = options.Weighting.HalfLife.ToString("c", CultureInfo.InvariantCulture),
            ["blend"] = model.Info.BlendLearned ? "learned" : "hand",
            ["blend_note"] = model.Info.BlendNote,
        };
        if (nmf is not null)
        {
            p["nmf.factors"] = model.Collaborative!.FactorCount.ToString(CultureInfo.InvariantCulture);
            p["nmf.iterations"] = nmf.Iterations.ToString(CultureInfo.InvariantCulture);
            p["nmf.lambda"] = nmf.Regularization.ToString(CultureInfo.InvariantCulture);
            p["nmf.alpha"] = nmf.Alpha.ToString(CultureInfo.InvariantCulture);
            p["nmf.loss"] = nmf.FinalLoss.ToString("G6", CultureInfo.InvariantCulture);
        }

        return p;
    }

    private void Report(TrainingProgress progress)
    {
        _progress = progress;
        ProgressChanged?.Invoke(this, progress);
    }

    /// <summary>Relays the trainer's progress; each new stage is an event on the fit span.</summary>
    private sealed class ProgressRelay(TrainingPipeline pipeline, Activity? fit) : IProgress<TrainingProgress>
    {
        private readonly Lock _gate = new();
        private string? _stage;

        public void Report(TrainingProgress value)
        {
            if (fit is not null)
            {
                lock (_gate)
                {
                    if (!string.Equals(_stage, value.Stage, StringComparison.Ordinal))
                    {
                        _stage = value.Stage;
                        fit.AddEvent(new ActivityEvent(value.Stage));
                    }
                }
            }

            pipeline.Report(value with { Fraction = value.Fraction * 0.95 });
        }
    }

    /// <summary>
    /// Loads a saved version back from the store as a restart would, and checks it: null when it loads and passes,
    /// else why not (a <see cref="Serialization.ModelFormatException"/>'s message, or the first problem found).
    /// </summary>
    private static async Task<string?> LoadBackAsync(IModelStore store, string version, CancellationToken cancellationToken)
    {
        RecommenderModel loaded;
        using var activity = RecommenderMetrics.ActivitySource.StartActivity(RecommenderTelemetry.Spans.ModelLoad);
        activity?.SetTag(RecommenderTelemetry.Tags.ModelVersion, version);
        var stream = await store.OpenArtefactAsync(version, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                loaded = RecommenderModel.Load(stream);
            }
            catch (Serialization.ModelFormatException ex)
            {
                return ex.Message;
            }
        }

        return ModelVerifier.FindProblem(loaded);
    }
}
