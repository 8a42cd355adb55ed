using BenchmarkDotNet.Attributes;
using Npgsql;
using Recommender.Data;
using Recommender.Postgres;

namespace Recommender.Benchmarks;

/// <summary>
/// Reads 1 M engagements from PostgreSQL (the default layout, server-side cursor) into an
/// <see cref="InteractionMatrixBuilder"/>. Target: at most 3 s. Needs RECOMMENDER_TEST_POSTGRES; run it through
/// <c>.ci/with-postgres dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter '*Postgres*' --job short</c>.
/// GlobalSetup seeds a fresh schema (20,000 users x 50,000 posts, eight kinds, one in five rows weighted) and
/// GlobalCleanup drops it.
/// </summary>
[MemoryDiagnoser]
public class PostgresReadBenchmarks
{
    private const int Engagements = 1_000_000;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresDataSource _source = null!;
    private string _schema = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("RECOMMENDER_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "RECOMMENDER_TEST_POSTGRES is not set: run the benchmark through .ci/with-postgres (see DEVELOPERS.md).");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresSampleSchema.CreateAsync(_dataSource, _schema);
        await using (var seed = _dataSource.CreateCommand(
            $"""
            INSERT INTO "{_schema}".engagements (user_id, post_id, kind, created_at, weight)
            SELECT 'user-' || (g % 20000),
                   'post-' || ((g::bigint * 7919) % 50000),
                   (ARRAY['view', 'view', 'view', 'click', 'like', 'comment', 'share', 'hide'])[1 + g % 8],
                   timestamptz '2025-01-01T00:00:00Z' + g * interval '2 seconds',
                   CASE WHEN g % 5 = 0 THEN 1.5 END
            FROM generate_series(1, {Engagements}) AS g;
            ANALYZE "{_schema}".engagements;
            """))
        {
            seed.CommandTimeout = 600;
            await seed.ExecuteNonQueryAsync();
        }

        _source = new PostgresDataSource(_dataSource, new PostgresDataSourceOptions { Schema = _schema });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> ReadEngagementsIntoBuilder()
    {
        var builder = new InteractionMatrixBuilder();
        var accepted = 0;
        await foreach (var engagement in _source.ReadEngagementsAsync())
        {
            if (builder.Add(engagement))
            {
                accepted++;
            }
        }

        if (accepted != Engagements)
        {
            throw new InvalidOperationException($"Read {accepted} engagements, expected {Engagements}.");
        }

        return accepted;
    }
}
