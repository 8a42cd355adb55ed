using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Postgres.Configuration;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

public sealed class PostgresConfigurationTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public void Flatten_ObjectsArraysAndScalars_BecomeConfigurationPaths()
    {
        var rows = new[]
        {
            Row("Recommender:Ranking", """{"FreshnessWeight": 0.25, "Weights": {"Like": 4, "Share": 8.5}, "Enabled": true, "Off": false, "Tags": ["a", "b"], "Nothing": null, "Empty": {}}"""),
            Row("Recommender:Name", "\"feed\""),
            Row("Recommender:Ranking:FreshnessWeight", "0.5"), // sorts after the object: wins
        };

        var data = SystemConfigFlattener.Flatten(rows);

        Assert.Equal("0.5", data["recommender:ranking:freshnessweight"]); // keys are case-insensitive
        Assert.Equal("4", data["Recommender:Ranking:Weights:Like"]);
        Assert.Equal("8.5", data["Recommender:Ranking:Weights:Share"]);
        Assert.Equal("True", data["Recommender:Ranking:Enabled"]);
        Assert.Equal("False", data["Recommender:Ranking:Off"]);
        Assert.Equal("a", data["Recommender:Ranking:Tags:0"]);
        Assert.Equal("b", data["Recommender:Ranking:Tags:1"]);
        Assert.Null(data["Recommender:Ranking:Nothing"]);
        Assert.Null(data["Recommender:Ranking:Empty"]);
        Assert.Equal("feed", data["Recommender:Name"]);
        Assert.Equal(10, data.Count);
    }

    [Fact]
    public async Task Configuration_LoadsTheTable_AndIOptionsMonitorSeesAChange()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        var admin = new PostgresSystemConfig(DataSource, options);
        await admin.SetAsync("Recommender:Ranking", JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["FreshnessWeight"] = 0.25, ["Mode"] = "hybrid" }), Token);
        var configuration = new ConfigurationBuilder().AddRecommenderPostgres(DataSource, options.Schema).Build();
        try
        {
            Assert.Equal("0.25", configuration["Recommender:Ranking:FreshnessWeight"]);
            var services = new ServiceCollection();
            services.Configure<RankingSettings>(configuration.GetSection("Recommender:Ranking"));
            await using var provider = services.BuildServiceProvider();
            var monitor = provider.GetRequiredService<IOptionsMonitor<RankingSettings>>();
            Assert.Equal(0.25, monitor.CurrentValue.FreshnessWeight);
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = monitor.OnChange(_ => reloaded.TrySetResult());
            await WaitUntilAsync(() => Listener(configuration) != 0, Patience, "the provider listening");

            await admin.SetAsync("Recommender:Ranking:FreshnessWeight", JsonSerializer.SerializeToElement(0.75), Token);

            await reloaded.Task.WaitAsync(Patience, Token);
            Assert.Equal(0.75, monitor.CurrentValue.FreshnessWeight);
            Assert.Equal("hybrid", monitor.CurrentValue.Mode);

            Assert.True(await admin.RemoveAsync("Recommender:Ranking", Token));
            await WaitUntilAsync(() => configuration["Recommender:Ranking:Mode"] is null, Patience, "the removal");
            Assert.Equal(["Recommender:Ranking:FreshnessWeight"], (await admin.GetAllAsync(Token)).Keys);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task Configuration_NotListening_PollingReloads()
    {
        var options = await MigratedOptionsAsync();
        var source = new PostgresConfigurationSource { DataSource = DataSource, Schema = options.Schema, PollInterval = TimeSpan.FromMilliseconds(200), Listen = false };
        var configuration = new ConfigurationBuilder().Add(source).Build();
        try
        {
            Assert.Null(configuration["k"]);
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = configuration.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);

            await new PostgresSystemConfig(DataSource, options).SetJsonAsync("k", "\"v\"", Token);

            await reloaded.Task.WaitAsync(Patience, Token);
            Assert.Equal("v", configuration["k"]);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task Configuration_DatabaseDownAtStart_ThrowsUnlessOptional()
    {
        await using var down = DownDataSource();

        var ex = Assert.Throws<PostgresUnavailableException>(() => new ConfigurationBuilder().AddRecommenderPostgres(down, "config_down").Build());
        Assert.Contains("config_down", ex.Message);
        Assert.DoesNotContain(DownPassword, ex.ToString());

        var optional = new ConfigurationBuilder().AddRecommenderPostgres(down, "config_down", s => s.Optional = true).Build();
        Assert.Empty(optional.AsEnumerable());
        (optional as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Configuration_FromAConnectionString_OwnsItsDataSource()
    {
        var options = await MigratedOptionsAsync();
        await new PostgresSystemConfig(DataSource, options).SetJsonAsync("A:B", "1", Token);

        var configuration = new ConfigurationBuilder().AddRecommenderPostgres(TestDatabase.ConnectionString!, options.Schema).Build();

        Assert.Equal("1", configuration["A:B"]);
        (configuration as IDisposable)?.Dispose();
    }

    [Fact]
    public void Source_WithoutDatabaseOrWithBadSchema_ThrowsListingEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ConfigurationBuilder().Add(new PostgresConfigurationSource { Schema = "Bad", PollInterval = TimeSpan.Zero }).Build());

        Assert.Contains("DataSource or ConnectionString", ex.Message);
        Assert.Contains("Schema", ex.Message);
        Assert.Contains("PollInterval", ex.Message);
    }

    [Fact]
    public async Task SystemConfig_SetJson_NotJson_ThrowsArgumentException()
    {
        var options = await MigratedOptionsAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => new PostgresSystemConfig(DataSource, options).SetJsonAsync("k", "{not json", Token));
    }

    private static int Listener(IConfigurationRoot configuration)
        => configuration.Providers.OfType<PostgresConfigurationProvider>().Single().ListenerProcessId;

    private static SystemConfigRecord Row(string key, string json) => new(key, json, DateTimeOffset.UnixEpoch);

    public sealed class RankingSettings
    {
        public double FreshnessWeight { get; set; }

        public string? Mode { get; set; }
    }
}
