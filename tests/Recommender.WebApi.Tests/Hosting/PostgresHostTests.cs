using System.Net;
using Npgsql;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Hosting;

/// <summary>
/// <c>--postgres … --seed-sample</c> against a real server (RECOMMENDER_TEST_POSTGRES; skipped without one, failed in
/// CI): the sample tables are created and filled in a fresh schema, the SDK migrates its own fresh schema, a training
/// through the API is activated and serves, and the health report includes the database check.
/// </summary>
public sealed class PostgresHostTests : IAsyncLifetime
{
    private readonly string _sdkSchema = "test_web_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _hostSchema = "test_host_" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource? _database;

    public ValueTask InitializeAsync()
    {
        if (TestDatabase.ConnectionString is { } connectionString)
        {
            _database = NpgsqlDataSource.Create(connectionString);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        foreach (var schema in new[] { _sdkSchema, _hostSchema })
        {
            await using var drop = _database.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Postgres_SeedSample_TrainsServesAndReportsTheDatabaseHealth()
    {
        TestDatabase.Require();
        await using var factory = new WebApiFactory(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recommender"] = TestDatabase.ConnectionString,
            ["WebApi:SeedSample"] = "true",
            ["Recommender:Postgres:Schema"] = _sdkSchema,
            ["Recommender:Postgres:HostTables:Schema"] = _hostSchema,
        });
        using var client = await factory.StartAsync();

        await using (var count = _database!.CreateCommand($"SELECT count(*) FROM \"{_hostSchema}\".engagements"))
        {
            Assert.True((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 100);
        }

        var run = await client.TrainAsync();
        Assert.Equal("activated", run.String("status"));

        var (_, ranked, _) = await client.ApiPostAsync("/api/v1/rank", """{"userId":"u01","candidateIds":["p001","p002","p003"]}""");
        Assert.Equal("model", ranked.String("source"));
        Assert.Equal(run.String("modelVersion"), ranked.String("modelVersion"));

        var (healthStatus, health, _) = await client.ApiGetAsync("/api/v1/health");
        Assert.Equal(HttpStatusCode.OK, healthStatus);
        var database = health!["checks"]!.AsArray().Single(c => c.String("name") == "recommender-postgres");
        Assert.Equal("healthy", database.String("status"));
        Assert.Equal(_sdkSchema, database!["data"].String("schema"));

        await using (var versions = _database.CreateCommand($"SELECT count(*) FROM \"{_sdkSchema}\".model_versions"))
        {
            Assert.Equal(1L, await versions.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
    }
}
