using System.Diagnostics;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Serving;

namespace Recommender.Postgres.Tests;

public sealed class PostgresFeatureFlagProviderTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task GetFlag_ReadsTheTable_UnknownIsNull_AndOwnChangesShowAtOnce()
    {
        var options = await MigratedOptionsAsync();
        await ExecuteAsync($"INSERT INTO \"{options.Schema}\".feature_flags (name, enabled, rollout_percentage) VALUES ('{FeatureFlagNames.MlRecommendations}', true, 30)");
        await using var flags = new PostgresFeatureFlagProvider(DataSource, options);

        Assert.Equal(new FeatureFlag(FeatureFlagNames.MlRecommendations, true, 30), await flags.GetFlagAsync(FeatureFlagNames.MlRecommendations, Token));
        Assert.Null(await flags.GetFlagAsync("unknown", Token));

        await flags.SetFlagAsync(new FeatureFlag(FeatureFlagNames.PersonalizedFeed, false), Token);
        Assert.Equal(new FeatureFlag(FeatureFlagNames.PersonalizedFeed, false), await flags.GetFlagAsync(FeatureFlagNames.PersonalizedFeed, Token));
        Assert.Equal(2, (await flags.GetFlagsAsync(Token)).Count);

        Assert.True(await flags.RemoveFlagAsync(FeatureFlagNames.PersonalizedFeed, Token));
        Assert.False(await flags.RemoveFlagAsync(FeatureFlagNames.PersonalizedFeed, Token));
        Assert.Null(await flags.GetFlagAsync(FeatureFlagNames.PersonalizedFeed, Token));
    }

    [Fact]
    public async Task ChangeByAnotherInstanceOrBySql_ReachesTheCacheThroughNotify_WithinSeconds()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        await using var a = new PostgresFeatureFlagProvider(DataSource, options);
        await using var b = new PostgresFeatureFlagProvider(DataSource, options);
        Assert.Null(await b.GetFlagAsync("f", Token)); // loads, then listens
        await WaitUntilAsync(() => b.ListenerProcessId != 0, Patience, "B listening");

        var clock = Stopwatch.StartNew();
        await a.SetFlagAsync(new FeatureFlag("f", true, 40), Token);
        await WaitUntilAsync(async () => await b.GetFlagAsync("f", Token) == new FeatureFlag("f", true, 40), Patience, "B to see A's flag");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"B saw the flag after {clock.Elapsed}.");

        await ExecuteAsync($"UPDATE \"{options.Schema}\".feature_flags SET enabled = false WHERE name = 'f'");
        await WaitUntilAsync(async () => await b.GetFlagAsync("f", Token) == new FeatureFlag("f", false, 40), Patience, "B to see an admin's SQL change");
    }

    [Fact]
    public async Task ListeningConnectionKilled_ChangesStillArrive()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        await using var flags = new PostgresFeatureFlagProvider(DataSource, options);
        await flags.RefreshAsync(Token);
        await WaitUntilAsync(() => flags.ListenerProcessId != 0, Patience, "listening");
        var killed = flags.ListenerProcessId;

        await TerminateAsync(killed);
        await ExecuteAsync($"INSERT INTO \"{options.Schema}\".feature_flags (name, enabled) VALUES ('late', true)");

        await WaitUntilAsync(async () => await flags.GetFlagAsync("late", Token) is not null, Patience, "the flag changed while disconnected");
        await WaitUntilAsync(() => flags.ListenerProcessId is not 0 && flags.ListenerProcessId != killed, Patience, "listening again");
        await ExecuteAsync($"DELETE FROM \"{options.Schema}\".feature_flags WHERE name = 'late'");
        await WaitUntilAsync(async () => await flags.GetFlagAsync("late", Token) is null, Patience, "the flag deleted after reconnecting");
    }

    [Fact]
    public async Task NotListening_PollingRefreshes()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        await using var flags = new PostgresFeatureFlagProvider(DataSource, options, null, null, listen: false);
        Assert.Null(await flags.GetFlagAsync("p", Token));

        await ExecuteAsync($"INSERT INTO \"{options.Schema}\".feature_flags (name, enabled) VALUES ('p', true)");

        await WaitUntilAsync(async () => await flags.GetFlagAsync("p", Token) is not null, Patience, "polling to see the flag");
        Assert.Equal(0, flags.ListenerProcessId);
    }

    [Fact]
    public async Task SetFlag_InvalidFlag_ThrowsArgumentException()
    {
        var options = await MigratedOptionsAsync();
        await using var flags = new PostgresFeatureFlagProvider(DataSource, options);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => flags.SetFlagAsync(new FeatureFlag("f", true, 101), Token));
        Assert.Contains("RolloutPercentage", ex.Message);
    }

    [Fact]
    public async Task DatabaseDown_BeforeTheFirstRead_ThrowsPostgresUnavailable()
    {
        await using var down = DownDataSource();
        await using var flags = new PostgresFeatureFlagProvider(down, new PostgresRecommenderOptions { Schema = "flags_down" });

        var ex = await Assert.ThrowsAsync<PostgresUnavailableException>(async () => await flags.GetFlagAsync("f", Token));
        Assert.Contains("flags_down", ex.Message);
        Assert.DoesNotContain(DownPassword, ex.ToString());
        await Assert.ThrowsAsync<PostgresUnavailableException>(() => flags.SetFlagAsync(new FeatureFlag("f", true), Token));
    }
}
