using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Training;

namespace Recommender.Core.Tests.Registry;

public class TrainingPipelineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrainAsync_NoModelYet_PublishesWithMetadata_AndActivates()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        using var runs = new MetricCollector<long>(t.Meters, RecommenderTelemetry.Name, RecommenderTelemetry.TrainingRuns);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.False(result.Joined);
        Assert.Null(result.Error);
        var info = Assert.Single(await t.Engine.Registry.ListAsync(Token));
        Assert.Equal(result.ModelVersion, info.Version);
        Assert.True(info.IsActive);
        Assert.Equal(ServingWorld.Now, info.TrainedAt);
        Assert.Equal(ServingWorld.Feed.Engagements.Max(e => e.Timestamp), info.DataWatermark);
        Assert.Equal(1, info.Metrics["evaluated"]);
        Assert.InRange(info.Metrics["ndcg@10"], 0, 1);
        Assert.True(info.Metrics["ndcg@10"] >= info.Metrics["heuristic.ndcg@10"]);
        Assert.Equal(ServingWorld.Feed.Users.Count, info.Metrics["users"]);
        Assert.Contains("nmf.factors", info.Parameters.Keys);
        Assert.Equal(result.Metrics, info.Metrics);

        var answer = await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);
        Assert.Equal(result.ModelVersion, answer.ModelVersion);
        Assert.Equal(result, t.Engine.GetStatus().LastTraining);
        var run = Assert.Single(await t.Store.ListRunsAsync(10, Token));
        Assert.Equal((result.RunId, TrainingOutcome.Activated, result.ModelVersion), (run.RunId, run.Outcome, run.ModelVersion));
        Assert.Equal("activated", Assert.Single(runs.GetMeasurementSnapshot()).Tags[RecommenderTelemetry.Tags.Outcome]);
        Assert.False(t.Engine.Training.IsRunning);
    }

    [Fact]
    public async Task QualityGate_BelowTheHeuristic_PublishesButKeepsTheActiveModel()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Training.MinRelativeToHeuristic = 10);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Rejected, result.Outcome);
        Assert.Contains("heuristic", result.Error, StringComparison.Ordinal);
        AssertPublishedNotActive(await t.Engine.Registry.ListAsync(Token), result.ModelVersion!);
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task QualityGate_BelowTheActiveModel_PublishesButKeepsTheActiveModel()
    {
        // The active model is judged on engagements after its watermark: it was trained three days before the feed ends.
        await using var t = await ServingWorld.StartAsync(o => o.Training.MinRelativeToActive = 10, activate: false);
        await t.PublishAsync(await ServingWorld.ModelBeforeLastDays, "v1");

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Rejected, result.Outcome);
        Assert.Contains("active model", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, result.Metrics["active.compared"]);
        Assert.True(result.Metrics.ContainsKey("active.ndcg@10"));
        AssertPublishedNotActive(await t.Engine.Registry.ListAsync(Token), result.ModelVersion!);
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task QualityGate_RetrainOnTheSameData_DoesNotJudgeTheActiveModelOnWhatItSaw()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Training.MinRelativeToActive = 10);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.Equal(0, result.Metrics["active.compared"]);
    }

    [Fact]
    public async Task QualityGate_Disabled_ActivatesWithoutEvaluating()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Training.Evaluate = false);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.False(result.Metrics.ContainsKey("ndcg@10"));
        Assert.Equal(result.ModelVersion, (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task DataSourceThrowsMidRead_Failed_ActiveModelUntouched()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Source.OnEngagement = (i, _) => i == 1_000 ? throw new InvalidOperationException("disk on fire") : ValueTask.CompletedTask;
        var completed = new List<TrainingRunResult>();
        t.Engine.Training.RunCompleted += (_, r) => completed.Add(r);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Equal("InvalidOperationException: disk on fire", result.Error);
        Assert.Null(result.ModelVersion);
        Assert.Equal(["v1"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
        Assert.Equal([result], completed);
        Assert.Equal(TrainingOutcome.Failed, t.Engine.GetStatus().LastTraining!.Outcome);
        Assert.Equal(TrainingOutcome.Failed, Assert.Single(await t.Store.ListRunsAsync(10, Token)).Outcome);
    }

    [Fact]
    public async Task StoreFailsToSave_Failed_ActiveModelUntouched()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Store.OnSave = _ => throw new IOException("disk full");

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains("disk full", result.Error, StringComparison.Ordinal);
        Assert.Equal(["v1"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
    }

    [Fact]
    public async Task StoreCorruptsTheArtefactBetweenSaveAndActivation_NotActivated_PreviousKeepsServing_RunFailed()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Training.Evaluate = false);
        t.Store.FlipBytesAfterSave = true;

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.NotNull(result.Error);
        Assert.Contains("does not load back", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error);
        Assert.Equal("v1", (await t.Store.GetActiveAsync(Token))[ModelVariants.Default]);
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
        var run = Assert.Single(await t.Store.ListRunsAsync(10, Token));
        Assert.Equal((TrainingOutcome.Failed, result.Error), (run.Outcome, run.Error));
        Assert.Equal(["v1"], (await t.Store.ListAsync(Token)).Select(v => v.Version));

        // A restart (a new registry over the same store) still finds a loadable active model.
        await using var restarted = new ModelRegistry(t.Store);
        await restarted.RefreshAsync(Token);
        Assert.Null(restarted.LastLoadError);
    }

    [Fact]
    public async Task OneWeightOf1e38_ActivatesAFiniteModel_ThatLoadsAfterARestart()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Training.Evaluate = false, activate: false);
        var victim = ServingWorld.Feed.Engagements[5];
        t.Data.AddEngagement(victim with { Weight = 1e38f });

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.True(result.Outcome == TrainingOutcome.Activated, result.Error);
        await using var restarted = new ModelRegistry(t.Store);
        await restarted.RefreshAsync(Token);
        Assert.Null(restarted.LastLoadError);
        var answer = await t.Engine.RecommendAsync(victim.UserId, 10, cancellationToken: Token);
        Assert.Equal(result.ModelVersion, answer.ModelVersion);
        Assert.All(answer.Items, i => Assert.True(float.IsFinite(i.Score)));
    }

    [Fact]
    public async Task Cancelled_MidRead_Cancelled_ActiveModelUntouched()
    {
        await using var t = await ServingWorld.StartAsync();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Source.OnEngagement = async (i, token) =>
        {
            if (i == 1_000)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            }
        };
        var completed = new TaskCompletionSource<TrainingRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Engine.Training.RunCompleted += (_, r) => completed.TrySetResult(r);
        using var cts = new CancellationTokenSource();

        var training = t.Engine.Training.TrainAsync(cts.Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.True(t.Engine.Training.IsRunning);
        await cts.CancelAsync();

        // The caller who started the run and cancelled it stops waiting; the run records how it ended.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => training);
        var result = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(["v1"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
        Assert.Equal("v1", (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion);
        Assert.Equal(TrainingOutcome.Cancelled, t.Engine.Training.LastRun!.Outcome);
    }

    [Fact]
    public async Task SecondRequest_JoinsTheRunInProgress()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = 0;
        t.Source.OnEngagement = async (i, token) =>
        {
            if (i == 1_000 && Interlocked.Exchange(ref blocked, 1) == 0)
            {
                reached.TrySetResult();
                await release.Task.WaitAsync(token);
            }
        };

        var first = t.Engine.Training.TrainAsync(Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        var second = t.Engine.Training.TrainAsync(Token);
        release.SetResult();
        var results = await Task.WhenAll(first, second);

        Assert.Equal(results[0].RunId, results[1].RunId);
        Assert.Equal([false, true], results.Select(r => r.Joined));
        Assert.Equal(TrainingOutcome.Activated, results[0].Outcome);
        Assert.Single(await t.Engine.Registry.ListAsync(Token));
        Assert.Single(await t.Store.ListRunsAsync(10, Token));
    }

    [Fact]
    public async Task Status_WhileTheFirstReadRuns_ReportsATrainingInProgress()
    {
        await using var t = await ServingWorld.StartAsync();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Source.OnEngagement = async (i, token) =>
        {
            if (i == 1_000 && reached.TrySetResult())
            {
                await release.Task.WaitAsync(token);
            }
        };

        var training = t.Engine.Training.TrainAsync(Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        var during = t.Engine.GetStatus().TrainingInProgress;
        release.SetResult();
        await training;

        Assert.NotNull(during);
        Assert.Equal(0, during.Value.Fraction);
        Assert.Null(t.Engine.GetStatus().TrainingInProgress);
    }

    [Fact]
    public async Task AnotherInstanceHoldsTheTrainingLock_Skipped()
    {
        await using var t = await ServingWorld.StartAsync();
        await using var held = await t.Store.TryAcquireTrainingLockAsync(Token);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Skipped, result.Outcome);
        Assert.Equal(["v1"], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
    }

    [Fact]
    public async Task Events_ReportProgressAndCompletion()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);
        var reports = new List<TrainingProgress>();
        var completed = new List<TrainingRunResult>();
        t.Engine.Training.ProgressChanged += (_, p) =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        };
        t.Engine.Training.RunCompleted += (_, r) => completed.Add(r);

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal([result], completed);
        Assert.NotEmpty(reports);
        Assert.All(reports, p => Assert.InRange(p.Fraction, 0, 1));
        Assert.Equal(reports.Select(p => p.Fraction).Order(), reports.Select(p => p.Fraction));
        var stages = reports.Select(p => p.Stage).ToHashSet();
        Assert.Contains("reading", stages);
        Assert.Contains("collaborative", stages);
        Assert.Contains("evaluation", stages);
        Assert.Contains(reports, p => p.Stage == "collaborative" && p.Iteration > 0 && double.IsFinite(p.Loss));
        Assert.Null(t.Engine.Training.Progress);
    }

    [Fact]
    public async Task InvalidOptionsAtRunTime_Failed_ListingTheProblems()
    {
        await using var t = await ServingWorld.StartAsync();
        var bad = new RecommenderOptions();
        bad.Training.KeepVersions = 0;
        bad.Serving.MaxCount = 0;
        t.Engine.Training.OptionsSource = () => bad;

        var result = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Contains("Training:KeepVersions", result.Error, StringComparison.Ordinal);
        Assert.Contains("Serving:MaxCount", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_KeepsTheConfiguredNumberOfInactiveVersions()
    {
        await using var t = await ServingWorld.StartAsync(o =>
        {
            o.Training.KeepVersions = 1;
            o.Training.Evaluate = false;
        });
        await t.PublishAsync(await ServingWorld.ModelB, "v0-old", activate: false);

        t.Time.Advance(TimeSpan.FromMinutes(1));
        var first = await t.Engine.Training.TrainAsync(Token);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await t.Engine.Training.TrainAsync(Token);

        Assert.Equal([second.ModelVersion, first.ModelVersion], (await t.Engine.Registry.ListAsync(Token)).Select(v => v.Version));
    }

    [Fact]
    public async Task PruneFailsAfterActivation_ReportsTheActivation()
    {
        // Pruning old versions is housekeeping after the new version went live: its failure must not turn the run
        // into a "failed" one while the new version serves.
        await using var t = await ServingWorld.StartAsync(o =>
        {
            o.Training.KeepVersions = 1;
            o.Training.Evaluate = false;
        });
        await t.PublishAsync(await ServingWorld.ModelB, "v0-old", activate: false);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        t.Store.OnDelete = _ => throw new IOException("cannot delete");

        var result = await t.Engine.Training.TrainAsync(Token);

        var active = (await t.Store.GetActiveAsync(Token))[ModelVariants.Default];
        Assert.Equal(result.ModelVersion, active);
        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
    }

    [Fact]
    public async Task CancelledJustAfterActivation_OutcomeMatchesWhatServes()
    {
        // A cancellation that arrives once the store has switched versions must not report a cancelled run while
        // the new version serves: "a cancelled training never touches the active model".
        await using var t = await ServingWorld.StartAsync(o => o.Training.Evaluate = false);
        using var cts = new CancellationTokenSource();
        t.Store.AfterActivate = async (_, _) => await cts.CancelAsync();
        var completed = new TaskCompletionSource<TrainingRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        t.Engine.Training.RunCompleted += (_, r) => completed.TrySetResult(r);

        try
        {
            await t.Engine.Training.TrainAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var result = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        t.Store.AfterActivate = null;
        await t.Engine.Registry.RefreshAsync(Token);
        var serving = (await t.Engine.RecommendAsync("u", 5, cancellationToken: Token)).ModelVersion;
        if (result.Outcome == TrainingOutcome.Activated)
        {
            Assert.Equal(result.ModelVersion, serving);
        }
        else
        {
            Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
            Assert.Equal("v1", serving);
        }
    }

    private static void AssertPublishedNotActive(IReadOnlyList<ModelVersionInfo> versions, string version)
    {
        var info = Assert.Single(versions, v => v.Version == version);
        Assert.False(info.IsActive);
        Assert.Equal(ModelStatus.Ready, info.Status);
        Assert.True(info.Metrics.ContainsKey("ndcg@10"));
        Assert.True(Assert.Single(versions, v => v.Version == "v1").IsActive);
    }
}
