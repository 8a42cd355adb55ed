using BenchmarkDotNet.Attributes;
using Npgsql;
using Recommender.Postgres;
using Recommender.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// Saves and reads back a 64 MiB model artefact through <see cref="PostgresModelStore"/> (1 MiB chunks, binary COPY
/// in, one chunk per query out). The allocated bytes show that neither direction holds the artefact in memory.
/// Needs RECOMMENDER_TEST_POSTGRES; run it through
/// <c>.ci/with-postgres dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter '*PostgresArtefact*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PostgresArtefactBenchmarks
{
    private const int Size = 64 << 20;
    private readonly byte[] _block = new byte[64 << 10];
    private NpgsqlDataSource _dataSource = null!;
    private PostgresModelStore _store = null!;
    private string _schema = null!;
    private int _saved;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("RECOMMENDER_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "RECOMMENDER_TEST_POSTGRES is not set: run the benchmark through .ci/with-postgres (see DEVELOPERS.md).");
        new Random(1).NextBytes(_block);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var options = new PostgresRecommenderOptions { Schema = _schema };
        await new PostgresMigrator(_dataSource, options).MigrateAsync();
        _store = new PostgresModelStore(_dataSource, options);
        await SaveAsync("read-me");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    /// <summary>Writes 64 MiB in 64 KiB writes; the version is deleted afterwards so the table does not grow.</summary>
    [Benchmark]
    public async Task<long> Save64MiB()
    {
        var version = "save-" + _saved++;
        var info = await SaveAsync(version);
        await _store.DeleteAsync(version);
        return info.SizeBytes;
    }

    [Benchmark]
    public async Task<long> Read64MiB()
    {
        await using var stream = await _store.OpenArtefactAsync("read-me");
        var buffer = new byte[64 << 10];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private ValueTask<ModelVersionInfo> SaveAsync(string version) => _store.SaveAsync(
        new ModelVersionInfo { Version = version },
        async (stream, ct) =>
        {
            for (var written = 0; written < Size; written += _block.Length)
            {
                await stream.WriteAsync(_block, ct);
            }
        });
}
