using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Postgres.Tests;

/// <summary>
/// The database goes down and comes back (a proxy in front of the test server cuts every connection and refuses new
/// ones): calls fail fast with <see cref="PostgresUnavailableException"/>, the health check turns unhealthy, cached
/// flags keep serving; when it returns, everything recovers by itself, including the change listeners.
/// </summary>
public sealed class DatabaseOutageTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DatabaseDownThenBack_CallsFailFastAndHealthIsUnhealthy_ThenEverythingRecovers()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        await using var proxy = new OutageProxy(TestDatabase.ConnectionString!);
        await using var through = NpgsqlDataSource.Create(proxy.ConnectionString);
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender().UsePostgres(through, o =>
        {
            o.Schema = options.Schema;
            o.PollInterval = options.PollInterval;
            o.HealthCheckTimeout = TimeSpan.FromSeconds(2);
        });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IModelStore>();
        var flags = (PostgresFeatureFlagProvider)provider.GetRequiredService<IFeatureFlagProvider>();
        var health = provider.GetRequiredService<HealthCheckService>();
        await store.SaveAsync(new ModelVersionInfo { Version = "v1" }, (s, ct) => s.WriteAsync(new byte[] { 1 }, ct), Token);
        await store.ActivateAsync("v1", cancellationToken: Token);
        await flags.SetFlagAsync(new FeatureFlag("f", true), Token);
        await WaitUntilAsync(() => flags.ListenerProcessId != 0, Patience, "flags listening");
        Assert.Equal(HealthStatus.Healthy, (await CheckDatabaseAsync(health)).Status);

        await proxy.StopAsync();

        var unhealthy = await CheckDatabaseAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.True(unhealthy.TotalDuration < TimeSpan.FromSeconds(3), $"health took {unhealthy.TotalDuration}");
        await Assert.ThrowsAsync<PostgresUnavailableException>(async () => await store.GetActiveAsync(Token));
        await Assert.ThrowsAsync<PostgresUnavailableException>(async () => await store.OpenArtefactAsync("v1", Token));
        Assert.Equal(new FeatureFlag("f", true), await flags.GetFlagAsync("f", Token)); // served from memory
        await ExecuteAsync($"UPDATE \"{options.Schema}\".feature_flags SET enabled = false WHERE name = 'f'"); // changed during the outage

        proxy.Start();

        await WaitUntilAsync(async () => (await CheckDatabaseAsync(health)).Status == HealthStatus.Healthy, Patience, "healthy again");
        Assert.Equal("v1", (await store.GetActiveAsync(Token))[ModelVariants.Default]);
        await WaitUntilAsync(async () => (await flags.GetFlagAsync("f", Token))?.Enabled == false, Patience, "the flag changed during the outage");
    }

    /// <summary>Only the PostgreSQL check: AddRecommender's own check is unhealthy here anyway (no model, no host tables).</summary>
    private static Task<HealthReport> CheckDatabaseAsync(HealthCheckService health) =>
        health.CheckHealthAsync(r => r.Name == PostgresRecommenderDefaults.HealthCheckName, Token);
}
