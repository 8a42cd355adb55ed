using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests.Registry;

public sealed class SystemConfigStoreTests : IClassFixture<MigratedSchemaFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SystemConfigStore _store;

    public SystemConfigStoreTests(MigratedSchemaFixture fixture)
    {
        TestDatabase.Require();
        _store = new SystemConfigStore(fixture.DataSource, fixture.Options, _time);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"halfLifeDays": 7, "weights": {"like": 4.0, "share": 8}}""")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"text with 'quotes' and \\\"escapes\\\"\"")]
    [InlineData("true")]
    [InlineData("null")]
    public async Task SetAsync_ThenGetAsync_RoundTripsTheJsonValue(string json)
    {
        await _store.SetAsync("rt", json, Token);

        var read = await _store.GetAsync("rt", Token);

        Assert.NotNull(read);
        Assert.Equal(Now, read.UpdatedAt);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(read.ValueJson)), read.ValueJson);
    }

    [Fact]
    public async Task SetAsync_Existing_ReplacesValueAndTime()
    {
        await _store.SetAsync("replace", "1", Token);
        _time.Advance(TimeSpan.FromDays(1));
        await _store.SetAsync("replace", "2", Token);

        Assert.Equal(new SystemConfigRecord("replace", "2", Now.AddDays(1)), await _store.GetAsync("replace", Token));
    }

    [Fact]
    public async Task SetAsync_InvalidJson_ThrowsArgumentException()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _store.SetAsync("bad", "{not json", Token));
        Assert.Contains("'bad'", ex.Message);
    }

    [Fact]
    public async Task ListAsync_ByKey_AndDeleteAsync()
    {
        await _store.SetAsync("list.b", "2", Token);
        await _store.SetAsync("list.a", "1", Token);
        Assert.True(await _store.DeleteAsync("list.b", Token));
        Assert.False(await _store.DeleteAsync("list.b", Token));

        var keys = (await _store.ListAsync(Token)).Select(c => c.Key).Where(k => k.StartsWith("list.", StringComparison.Ordinal));

        Assert.Equal(["list.a"], keys);
    }
}
