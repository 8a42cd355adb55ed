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

    [Fact]
    public async Task TwoInstances_LikePostedToA_IsStored_AndWithinFiveSecondsBNoLongerRecommendsIt_AndCountsIt()
    {
        TestDatabase.Require();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recommender"] = TestDatabase.ConnectionString,
            ["WebApi:SeedSample"] = "true",
            ["Recommender:Postgres:Schema"] = _sdkSchema,
            ["Recommender:Postgres:HostTables:Schema"] = _hostSchema,
        };
        await using var a = new WebApiFactory(settings: settings);
        using var clientA = await a.StartAsync();
        Assert.Equal("activated", (await clientA.TrainAsync()).String("status"));
        await using var b = new WebApiFactory(settings: settings);
        using var clientB = await b.StartAsync();
        var (_, first, _) = await clientB.ApiPostAsync("/api/v1/recommend", """{"userId":"u01","count":5}""");
        Assert.Equal("model", first.String("source"));
        var x = first!["items"]![0].String("postId")!;
        var likes = await LikesAsync(clientB, "u01");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, answer, _) = await clientA.ApiPostAsync("/api/v1/engagements", $$"""{"engagements":[{"userId":"u01","postId":"{{x}}","kind":"like"}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer!["stored"]!.GetValue<bool>());
        while (true)
        {
            var (_, again, _) = await clientB.ApiPostAsync("/api/v1/recommend", """{"userId":"u01","count":5}""");
            if (await LikesAsync(clientB, "u01") == likes + 1 && again!["items"]!.AsArray().All(i => i.String("postId") != x))
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"B still recommends {x} or does not count the like after {clock.Elapsed}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await using var stored = _database!.CreateCommand($"SELECT count(*) FROM \"{_hostSchema}\".engagements WHERE user_id = 'u01' AND post_id = @x AND kind = 'like'");
        stored.Parameters.AddWithValue("x", x);
        Assert.True((long)(await stored.ExecuteScalarAsync(TestContext.Current.CancellationToken))! >= 1);
        Assert.Equal(likes + 1, await LikesAsync(clientA, "u01"));
    }

    private static async Task<int> LikesAsync(HttpClient client, string user)
    {
        var (_, body, _) = await client.ApiGetAsync($"/api/v1/features/user/{user}");
        return body!["countsByKind"]!["like"]!.GetValue<int>();
    }
}
