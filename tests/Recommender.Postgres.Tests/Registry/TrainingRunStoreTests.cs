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
        var started = new TrainingRunInfo { RunId = "run-rt", StartedAt = Now, Outcome = TrainingOutcome.Running };
        await _store.UpsertAsync(started, Token);
        Assert.Equal(started, await _store.GetAsync("run-rt", Token));

        var finished = started with { FinishedAt = Now.AddMinutes(3), Outcome = TrainingOutcome.Activated, ModelVersion = "v-42", Error = "none" };
        await _store.UpsertAsync(finished, Token);

        Assert.Equal(finished, await _store.GetAsync("run-rt", Token));
    }

    [Theory]
    [InlineData(TrainingOutcome.Running)]
    [InlineData(TrainingOutcome.Activated)]
    [InlineData(TrainingOutcome.Rejected)]
    [InlineData(TrainingOutcome.Failed)]
    [InlineData(TrainingOutcome.Cancelled)]
    [InlineData(TrainingOutcome.Skipped)]
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
}
