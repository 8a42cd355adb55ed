using Recommender.Core.Tests.Serving.Support;
using Recommender.Training;

namespace Recommender.Core.Tests.Registry;

/// <summary>
/// Training runs carry a heartbeat and a lease (issue 13, item 9): the running pipeline re-records its run every
/// Training:HeartbeatInterval, and a run left "running" by a process that stopped is marked abandoned by the next
/// look once its lease is over (the in-memory store's equivalent of the PostgreSQL kill test).
/// </summary>
public sealed class TrainingRunHeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void Configure(RecommenderOptions o)
    {
        o.Training.Evaluate = false;
        o.Training.HeartbeatInterval = Interval;
        o.Training.RunLease = Lease;
    }

    [Fact]
    public async Task RunInProgress_RecordsAHeartbeatEveryInterval_AndNoneAfterItEnds()
    {
        await using var t = await ServingWorld.StartAsync(Configure);
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
        var first = Assert.Single(await t.Store.ListRunsAsync(10, Token));
        Assert.Equal((TrainingOutcome.Running, Lease, ServingWorld.Now), (first.Outcome, first.Lease, first.HeartbeatAt));

        // Two beats, then a look well after the first heartbeat but within the lease of the latest: still running.
        for (var beat = 1; beat <= 2; beat++)
        {
            t.Time.Advance(Interval);
            var expected = ServingWorld.Now + (beat * Interval);
            await WaitUntilAsync(async () => (await t.Store.ListRunsAsync(10, Token))[0].HeartbeatAt == expected);
        }

        Assert.Equal(TrainingOutcome.Running, (await t.Store.ListRunsAsync(10, Token))[0].Outcome);
        release.SetResult();
        var result = await training;
        t.Time.Advance(Lease * 3);
        await Task.Delay(200, Token);

        var last = Assert.Single(await t.Store.ListRunsAsync(10, Token));
        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.Equal((result.RunId, TrainingOutcome.Activated), (last.RunId, last.Outcome));
    }

    [Fact]
    public async Task RunOfAKilledInstance_IsMarkedAbandonedOnceItsLeaseIsOver_ByListingAndByTheNextTraining()
    {
        await using var t = await ServingWorld.StartAsync(Configure);
        var killed = new TrainingRunInfo { RunId = "killed", StartedAt = ServingWorld.Now, Outcome = TrainingOutcome.Running, Lease = Lease };
        var oldStyle = new TrainingRunInfo { RunId = "no-lease", StartedAt = ServingWorld.Now.AddSeconds(-1), Outcome = TrainingOutcome.Running };
        await t.Store.RecordRunAsync(killed, Token);
        await t.Store.RecordRunAsync(oldStyle, Token);

        t.Time.Advance(Lease);
        Assert.All(await t.Store.ListRunsAsync(10, Token), r => Assert.Equal(TrainingOutcome.Running, r.Outcome));
        Assert.Equal(0, await t.Engine.Training.AbandonStaleRunsAsync(Token));

        t.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await t.Engine.Training.TrainAsync(Token);

        var runs = (await t.Store.ListRunsAsync(10, Token)).ToDictionary(r => r.RunId);
        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.Equal(TrainingOutcome.Abandoned, runs["killed"].Outcome);
        Assert.Equal(ServingWorld.Now + Lease + TimeSpan.FromSeconds(1), runs["killed"].FinishedAt);
        Assert.Contains("no heartbeat since", runs["killed"].Error, StringComparison.Ordinal);
        Assert.Equal(TrainingOutcome.Running, runs["no-lease"].Outcome);
        Assert.Equal(TrainingOutcome.Activated, runs[result.RunId].Outcome);
    }

    [Fact]
    public async Task ListRuns_MarksAStaleRun_OnceOnly()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ServingWorld.Now);
        var store = new InMemoryModelStore(time);
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "r", StartedAt = ServingWorld.Now, Outcome = TrainingOutcome.Running, Lease = Lease }, Token);
        time.Advance(Lease + TimeSpan.FromTicks(1));

        var listed = Assert.Single(await store.ListRunsAsync(1, Token));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TrainingOutcome.Abandoned, listed.Outcome);
        Assert.Equal(0, await store.AbandonStaleRunsAsync(Token));
        Assert.Equal(listed.FinishedAt, Assert.Single(await store.ListRunsAsync(1, Token)).FinishedAt);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20, Token);
        }
    }
}
