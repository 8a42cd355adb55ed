using Microsoft.Extensions.Time.Testing;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests.Registry;

public sealed class FeatureFlagStoreTests : IClassFixture<MigratedSchemaFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FeatureFlagStore _store;

    public FeatureFlagStoreTests(MigratedSchemaFixture fixture)
    {
        TestDatabase.Require();
        _store = new FeatureFlagStore(fixture.DataSource, fixture.Options, _time);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertAsync_ThenGetAsync_RoundTrips()
    {
        var written = await _store.UpsertAsync("ml-ranking", enabled: true, rolloutPercentage: 25, Token);

        var read = await _store.GetAsync("ml-ranking", Token);

        Assert.Equal(new FeatureFlagRecord("ml-ranking", true, 25, Now), read);
        Assert.Equal(written, read);
    }

    [Fact]
    public async Task UpsertAsync_Existing_ReplacesValuesAndTime()
    {
        await _store.UpsertAsync("explanations", enabled: true, rolloutPercentage: 100, Token);
        _time.Advance(TimeSpan.FromHours(1));

        await _store.UpsertAsync("explanations", enabled: false, rolloutPercentage: 0, Token);

        Assert.Equal(new FeatureFlagRecord("explanations", false, 0, Now.AddHours(1)), await _store.GetAsync("explanations", Token));
    }

    [Fact]
    public async Task ListAsync_ReturnsFlagsByName_AndDeleteRemovesOne()
    {
        await _store.UpsertAsync("list-b", true, 100, Token);
        await _store.UpsertAsync("list-a", false, 50, Token);

        Assert.True(await _store.DeleteAsync("list-b", Token));
        Assert.False(await _store.DeleteAsync("list-b", Token));

        var names = (await _store.ListAsync(Token)).Select(f => f.Name).Where(n => n.StartsWith("list-", StringComparison.Ordinal));
        Assert.Equal(["list-a"], names);
        Assert.Null(await _store.GetAsync("list-b", Token));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task UpsertAsync_RolloutOutOfRange_Throws(int rollout)
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.UpsertAsync("bad", true, rollout, Token));
}
