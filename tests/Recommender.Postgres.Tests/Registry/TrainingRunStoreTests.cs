using Microsoft.Extensions.Time.Testing;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests.Registry;

public sealed class TrainingRunStoreTests : IClassFixture<MigratedSchemaFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TrainingRunStore _store;

    public TrainingRunStoreTests(MigratedSchemaFixture fixture)
    {
        TestDatabase.Require();
        _store = new TrainingRunStore(fixture.DataSource, fixture.Options, _time);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartThenFinish_RoundTripsEveryColumn()
    {
        var started = await _store.StartAsync(Token);
        Assert.Equal(new TrainingRunRecord(started.Id, Now, null, TrainingOutcomes.Running, null, null), started);

        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await _store.FinishAsync(started.Id, TrainingOutcomes.Succeeded, modelVersion: "v-42", cancellationToken: Token));

        Assert.Equal(
            new TrainingRunRecord(started.Id, Now, Now.AddMinutes(3), TrainingOutcomes.Succeeded, null, "v-42"),
            await _store.GetAsync(started.Id, Token));
    }

    [Fact]
    public async Task FinishAsync_Failure_KeepsTheErrorCutToItsLimit()
    {
        var run = await _store.StartAsync(Token);
        var error = new string('e', TrainingRunStore.MaxErrorLength + 100);

        await _store.FinishAsync(run.Id, TrainingOutcomes.Failed, error, cancellationToken: Token);

        var read = await _store.GetAsync(run.Id, Token);
        Assert.Equal(TrainingOutcomes.Failed, read!.Outcome);
        Assert.Equal(TrainingRunStore.MaxErrorLength, read.Error!.Length);
    }

    [Fact]
    public async Task FinishAsync_UnknownRun_ReturnsFalse()
        => Assert.False(await _store.FinishAsync(-1, TrainingOutcomes.Failed, cancellationToken: Token));

    [Fact]
    public async Task ListRecentAsync_ReturnsNewestFirst_UpToTheLimit()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromDays(30));
            ids.Add((await _store.StartAsync(Token)).Id);
        }

        var recent = await _store.ListRecentAsync(3, Token);

        Assert.Equal([ids[3], ids[2], ids[1]], recent.Select(r => r.Id));
    }
}
