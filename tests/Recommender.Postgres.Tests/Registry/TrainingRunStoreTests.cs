using Microsoft.Extensions.Time.Testing;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Training;

namespace Recommender.Postgres.Tests.Registry;

public sealed class TrainingRunStoreTests : IClassFixture<MigratedSchemaFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly MigratedSchemaFixture _fixture;
    private readonly TrainingRunStore _store;

    public TrainingRunStoreTests(MigratedSchemaFixture fixture)
    {
        TestDatabase.Require();
        _fixture = fixture;
        _store = new TrainingRunStore(fixture.DataSource, fixture.Options);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertThenUpsertAgain_RoundTripsEveryColumn_AndReplacesByRunId()
    {
        var started = new TrainingRunInfo { RunId = "run-rt", StartedAt = Now, Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromSeconds(90.5) };
        await _store.UpsertAsync(started, Token);
        var read = await _store.GetAsync("run-rt", Token);
        Assert.Equal(started, read! with { HeartbeatAt = null });
        Assert.NotNull(read.HeartbeatAt);

        var finished = started with { FinishedAt = Now.AddMinutes(3), Outcome = TrainingOutcome.Activated, ModelVersion = "v-42", Error = "none", Lease = null };
        await _store.UpsertAsync(finished, Token);

        Assert.Equal(finished, (await _store.GetAsync("run-rt", Token))! with { HeartbeatAt = null });
    }

    [Theory]
    [InlineData(TrainingOutcome.Running)]
    [InlineData(TrainingOutcome.Activated)]
    [InlineData(TrainingOutcome.Rejected)]
    [InlineData(TrainingOutcome.Failed)]
    [InlineData(TrainingOutcome.Cancelled)]
    [InlineData(TrainingOutcome.Skipped)]
    [InlineData(TrainingOutcome.Abandoned)]
    public async Task Upsert_EveryOutcome_RoundTrips(TrainingOutcome outcome)
    {
        var run = new TrainingRunInfo { RunId = "run-outcome-" + outcome, StartedAt = Now, Outcome = outcome };
        await _store.UpsertAsync(run, Token);
        Assert.Equal(outcome, (await _store.GetAsync(run.RunId, Token))!.Outcome);
    }

    [Fact]
    public async Task Upsert_LongError_IsCutToItsLimit()
    {
        var error = new string('e', TrainingRunStore.MaxErrorLength + 100);

        await _store.UpsertAsync(new TrainingRunInfo { RunId = "run-long", StartedAt = Now, Outcome = TrainingOutcome.Failed, Error = error }, Token);

        Assert.Equal(TrainingRunStore.MaxErrorLength, (await _store.GetAsync("run-long", Token))!.Error!.Length);
    }

    [Fact]
    public async Task Get_UnknownOutcomeText_ThrowsNamingIt()
    {
        await using (var command = _fixture.DataSource.CreateCommand(
            $"INSERT INTO \"{_fixture.Schema}\".training_runs (run_id, outcome) VALUES ('run-future', 'exploded')"))
        {
            await command.ExecuteNonQueryAsync(Token);
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.GetAsync("run-future", Token));
        Assert.Contains("exploded", ex.Message);
    }

    [Fact]
    public async Task ListRecentAsync_ReturnsNewestFirst_UpToTheLimit()
    {
        var time = new FakeTimeProvider(Now.AddYears(10));
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromDays(30));
            ids.Add($"run-list-{i}");
            await _store.UpsertAsync(new TrainingRunInfo { RunId = ids[^1], StartedAt = time.GetUtcNow() }, Token);
        }

        var recent = await _store.ListRecentAsync(3, Token);

        Assert.Equal([ids[3], ids[2], ids[1]], recent.Select(r => r.RunId));
        Assert.Empty(await _store.ListRecentAsync(0, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListRecentAsync(-1, Token));
    }

    [Fact]
    public async Task Upsert_StampsTheHeartbeatWithTheDatabaseClock_WhateverTheRunSays()
    {
        var before = await DatabaseNowAsync();
        await _store.UpsertAsync(new TrainingRunInfo { RunId = "run-beat", StartedAt = Now, Outcome = TrainingOutcome.Running, HeartbeatAt = Now.AddYears(-5) }, Token);
        var after = await DatabaseNowAsync();

        Assert.InRange((await _store.GetAsync("run-beat", Token))!.HeartbeatAt!.Value, before, after);
    }

    [Fact]
    public async Task AbandonStale_MarksOnlyRunningRunsWhoseHeartbeatIsOlderThanTheirLease()
    {
        var lease = TimeSpan.FromMinutes(5);
        string[] ids = ["stale", "fresh", "no-lease", "finished", "older-style"];
        await _store.UpsertAsync(new TrainingRunInfo { RunId = "ab-stale", StartedAt = Now, Outcome = TrainingOutcome.Running, Lease = lease }, Token);
        await _store.UpsertAsync(new TrainingRunInfo { RunId = "ab-fresh", StartedAt = Now, Outcome = TrainingOutcome.Running, Lease = lease }, Token);
        await _store.UpsertAsync(new TrainingRunInfo { RunId = "ab-no-lease", StartedAt = Now, Outcome = TrainingOutcome.Running }, Token);
        await _store.UpsertAsync(new TrainingRunInfo { RunId = "ab-finished", StartedAt = Now, Outcome = TrainingOutcome.Activated, Lease = lease }, Token);
        await ExecuteAsync($"UPDATE \"{_fixture.Schema}\".training_runs SET heartbeat_at = now() - interval '6 minutes' WHERE run_id IN ('ab-stale', 'ab-no-lease', 'ab-finished')");
        await ExecuteAsync($"UPDATE \"{_fixture.Schema}\".training_runs SET heartbeat_at = now() - interval '4 minutes' WHERE run_id = 'ab-fresh'");
        await ExecuteAsync($"INSERT INTO \"{_fixture.Schema}\".training_runs (run_id, outcome) VALUES ('ab-older-style', 'running')");

        var marked = await _store.AbandonStaleAsync(Token);
        var again = await _store.AbandonStaleAsync(Token);

        Assert.Equal((1, 0), (marked, again));
        var stale = (await _store.GetAsync("ab-stale", Token))!;
        Assert.Equal(TrainingOutcome.Abandoned, stale.Outcome);
        Assert.NotNull(stale.FinishedAt);
        Assert.Matches(@"^Abandoned: no heartbeat since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ for longer than the 300 s lease; the process running it stopped before it finished\.$", stale.Error);
        foreach (var id in ids.Skip(1))
        {
            Assert.NotEqual(TrainingOutcome.Abandoned, (await _store.GetAsync("ab-" + id, Token))!.Outcome);
        }
    }

    private async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var command = _fixture.DataSource.CreateCommand("SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(Token))!, TimeSpan.Zero);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _fixture.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Token);
    }
}
