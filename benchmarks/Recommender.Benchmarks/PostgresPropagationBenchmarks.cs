using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IHost = Microsoft.Extensions.Hosting.IHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Recommender.Data;
using Recommender.Postgres;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// How long what happens on one instance takes to reach another over one PostgreSQL (two hosts built as the DI
/// package builds them, <c>UsePostgres</c>, listening on the schema's channel). One operation = one event, timed until
/// instance B shows it; 100 iterations of one operation each, so Median and Max are the median and worst of 100.
/// <list type="bullet">
/// <item><c>EngagementRecordedOnA_CountedOnB</c>: a like through A's <c>RecordEngagementAsync</c>, until B's user
/// features count it (NOTIFY; the table poll is the fallback).</item>
/// <item><c>ModelActivatedOnA_ServedOnB</c>: A's registry activates the other of two stored versions, until B's status
/// names it (the model-swap NOTIFY).</item>
/// </list>
/// Needs RECOMMENDER_TEST_POSTGRES: <c>.ci/with-postgres dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter '*Propagation*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 100, invocationCount: 1)]
[MinColumn]
[MedianColumn]
[MaxColumn]
public class PostgresPropagationBenchmarks
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private NpgsqlDataSource _dataSource = null!;
    private string _schema = null!;
    private string _hostSchema = null!;
    private IHost _a = null!;
    private IHost _b = null!;
    private RecommenderEngine _engineA = null!;
    private RecommenderEngine _engineB = null!;
    private string[] _versions = [];
    private int _event;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("RECOMMENDER_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "RECOMMENDER_TEST_POSTGRES is not set: run the benchmark through .ci/with-postgres (see DEVELOPERS.md).");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        _schema = "bench_rec_" + suffix;
        _hostSchema = "bench_app_" + suffix;
        await new PostgresMigrator(_dataSource, new PostgresRecommenderOptions { Schema = _schema }).MigrateAsync();
        await PostgresSampleSchema.CreateAsync(_dataSource, _hostSchema);
        await using (var seed = _dataSource.CreateCommand(
            $"""
            INSERT INTO "{_hostSchema}".users (id, created_at) SELECT 'u' || g, now() - interval '30 days' FROM generate_series(1, 50) g;
            INSERT INTO "{_hostSchema}".posts (id, author_id, created_at) SELECT 'p' || g, 'u' || (1 + g % 50), now() - g * interval '1 hour' FROM generate_series(1, 200) g;
            INSERT INTO "{_hostSchema}".engagements (user_id, post_id, kind, created_at)
            SELECT 'u' || (1 + g % 50), 'p' || (1 + (g * 7) % 200), 'like', now() - g * interval '1 minute' FROM generate_series(1, 2000) g;
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        _a = Build();
        _b = Build();
        await _a.StartAsync();
        await _b.StartAsync();
        _engineA = _a.Services.GetRequiredService<RecommenderEngine>();
        _engineB = _b.Services.GetRequiredService<RecommenderEngine>();
        var first = await _engineA.Training.TrainAsync();
        var second = await _engineA.Training.TrainAsync();
        _versions = [first.ModelVersion!, second.ModelVersion!];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _a.StopAsync();
        await _b.StopAsync();
        _a.Dispose();
        _b.Dispose();
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{_hostSchema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    [Benchmark]
    public async Task EngagementRecordedOnA_CountedOnB()
    {
        var user = "u" + (1 + (_event % 50));
        var post = "p" + (1 + (_event++ % 200));
        var before = await LikesOnBAsync(user);
        await _engineA.RecordEngagementAsync(new Engagement(user, post, EngagementKind.Like, TimeProvider.System.GetUtcNow()));
        await UntilAsync(async () => await LikesOnBAsync(user) > before);
    }

    [Benchmark]
    public async Task ModelActivatedOnA_ServedOnB()
    {
        var version = _versions[_event++ % 2];
        if (ServedOnB() == version)
        {
            version = _versions[_event++ % 2];
        }

        await _engineA.Registry.ActivateAsync(version);
        await UntilAsync(() => Task.FromResult(ServedOnB() == version));
    }

    private string? ServedOnB() => _engineB.GetStatus().ActiveVersions.GetValueOrDefault(ModelVariants.Default);

    private async Task<int> LikesOnBAsync(string user) => (await _engineB.GetUserFeaturesAsync(user)).CountsByKind[(int)EngagementKind.Like];

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Not seen on B within {Bound}.");
            }

            await Task.Delay(1);
        }
    }

    private IHost Build()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddRecommender(o =>
            {
                o.Training.Evaluate = false;
                o.Training.Schedule = string.Empty;
                o.Collaborative.Factors = 8;
            })
            .UsePostgres(_dataSource, o =>
            {
                o.Schema = _schema;
                o.HostTables.Schema = _hostSchema;
            });
        return builder.Build();
    }
}
