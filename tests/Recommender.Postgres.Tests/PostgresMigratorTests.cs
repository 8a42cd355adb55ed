using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

public sealed class PostgresMigratorTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    private static readonly string[] SdkTables = ["feature_flags", "model_artefact_chunks", "model_versions", "schema_migrations", "system_config", "training_runs"];

    [Fact]
    public async Task MigrateAsync_NewSchema_CreatesSchemaTablesAndRecordsEveryVersion()
    {
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });

        var result = await migrator.MigrateAsync(Token);

        Assert.Equal(schema, result.Schema);
        Assert.Equal(0, result.PreviousVersion);
        Assert.Equal(PostgresMigrator.LatestVersion, result.CurrentVersion);
        Assert.Equal(Enumerable.Range(1, PostgresMigrator.LatestVersion), result.AppliedVersions);
        Assert.Equal(SdkTables, await TablesAsync(schema));
        Assert.Equal(PostgresMigrator.LatestVersion, await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_Twice_SecondCallAppliesNothingAndChangesNothing()
    {
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });
        await migrator.MigrateAsync(Token);
        var appliedAt = await ScalarAsync<DateTime>($"SELECT max(applied_at) FROM \"{schema}\".schema_migrations");

        var second = await migrator.MigrateAsync(Token);

        Assert.Empty(second.AppliedVersions);
        Assert.Equal(PostgresMigrator.LatestVersion, second.PreviousVersion);
        Assert.Equal(PostgresMigrator.LatestVersion, second.CurrentVersion);
        Assert.Equal(appliedAt, await ScalarAsync<DateTime>($"SELECT max(applied_at) FROM \"{schema}\".schema_migrations"));
        Assert.Equal(PostgresMigrator.LatestVersion, await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_ScriptsRunAgainOnExistingTables_AreIdempotent()
    {
        // The version table makes re-application impossible in normal use; the scripts are idempotent anyway
        // (IF NOT EXISTS), so a version row lost in a restore cannot break start-up.
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });
        await migrator.MigrateAsync(Token);
        await ExecuteAsync($"DELETE FROM \"{schema}\".schema_migrations");

        var again = await migrator.MigrateAsync(Token);

        Assert.Equal(Enumerable.Range(1, PostgresMigrator.LatestVersion), again.AppliedVersions);
        Assert.Equal(SdkTables, await TablesAsync(schema));
    }

    [Fact]
    public async Task MigrateAsync_ManyInstancesAtOnce_AllSucceedAndEachVersionIsAppliedOnce()
    {
        var schema = Fixture.NewSchemaName();
        var options = new PostgresRecommenderOptions { Schema = schema };

        // Separate data sources: separate pools, as separate processes would have.
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(TestDatabase.ConnectionString!)).ToArray();
        try
        {
            using var start = new ManualResetEventSlim();
            var tasks = dataSources.Select(ds => Task.Run(
                async () =>
                {
                    start.Wait(Token);
                    return await new PostgresMigrator(ds, options).MigrateAsync(Token);
                },
                Token)).ToArray();
            start.Set();
            var results = await Task.WhenAll(tasks);

            Assert.Single(results, r => r.AppliedVersions.Count == PostgresMigrator.LatestVersion);
            Assert.Equal(3, results.Count(r => r.AppliedVersions.Count == 0));
            Assert.All(results, r => Assert.Equal(PostgresMigrator.LatestVersion, r.CurrentVersion));
            Assert.Equal(PostgresMigrator.LatestVersion, await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_migrations"));
        }
        finally
        {
            foreach (var ds in dataSources)
            {
                await ds.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_LockHeldElsewhere_WaitsAndLogs_ThenMigrates()
    {
        var schema = Fixture.NewSchemaName();
        var logger = new FakeLogger<PostgresMigrator>();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }, logger);

        await using var holder = await DataSource.OpenConnectionAsync(Token);
        await using var holding = await holder.BeginTransactionAsync(Token);
        await HoldLockAsync(holder, holding, schema);

        var migration = migrator.MigrateAsync(Token);
        await WaitUntilAsync(() => logger.Collector.GetSnapshot().Any(r => r.Id.Id == 6004));
        Assert.False(migration.IsCompleted);

        await holding.RollbackAsync(Token);
        var result = await migration;
        Assert.Equal(PostgresMigrator.LatestVersion, result.CurrentVersion);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6000 && r.Level == LogLevel.Information);
    }

    [Fact]
    public async Task MigrateAsync_CancelledWhileWaitingForTheLock_ThrowsAndAppliesNothing()
    {
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });
        await using var holder = await DataSource.OpenConnectionAsync(Token);
        await using var holding = await holder.BeginTransactionAsync(Token);
        await HoldLockAsync(holder, holding, schema);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migrator.MigrateAsync(cts.Token));

        await holding.RollbackAsync(Token);
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"));
    }

    [Fact]
    public async Task MigrateAsync_OtherSchemaLocked_DoesNotWait()
    {
        var locked = Fixture.NewSchemaName();
        var free = Fixture.NewSchemaName();
        await using var holder = await DataSource.OpenConnectionAsync(Token);
        await using var holding = await holder.BeginTransactionAsync(Token);
        await HoldLockAsync(holder, holding, locked);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var result = await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = free }).MigrateAsync(cts.Token);

        Assert.Equal(PostgresMigrator.LatestVersion, result.CurrentVersion);
    }

    [Fact]
    public async Task MigrateAsync_ExistingEmptySchema_IsUsed()
    {
        var schema = Fixture.NewSchemaName();
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"");

        var result = await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }).MigrateAsync(Token);

        Assert.Equal(0, result.PreviousVersion);
        Assert.Equal(SdkTables, await TablesAsync(schema));
    }

    [Fact]
    public async Task MigrateAsync_ChangedScriptChecksum_WarnsAndDoesNotReapply()
    {
        var schema = Fixture.NewSchemaName();
        var logger = new FakeLogger<PostgresMigrator>();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }, logger);
        await migrator.MigrateAsync(Token);
        await ExecuteAsync($"UPDATE \"{schema}\".schema_migrations SET checksum = 'edited' WHERE version = 1");

        var result = await migrator.MigrateAsync(Token);

        Assert.Empty(result.AppliedVersions);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6002 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNewerThanCode_WarnsAndKeepsItsVersion()
    {
        var schema = Fixture.NewSchemaName();
        var logger = new FakeLogger<PostgresMigrator>();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }, logger);
        await migrator.MigrateAsync(Token);
        var future = PostgresMigrator.LatestVersion + 1;
        await ExecuteAsync($"INSERT INTO \"{schema}\".schema_migrations (version, name, checksum) VALUES ({future}, 'future', 'x')");

        var result = await migrator.MigrateAsync(Token);

        Assert.Equal(future, result.CurrentVersion);
        Assert.Empty(result.AppliedVersions);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6003);
    }

    [Fact]
    public async Task InitialSchema_EnforcesItsConstraints()
    {
        var schema = Fixture.NewSchemaName();
        await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }).MigrateAsync(Token);
        var s = $"\"{schema}\"";

        await AssertViolatesAsync("23514", $"INSERT INTO {s}.model_versions (version, status) VALUES ('v', 'unknown')");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.model_versions (version, status, is_active) VALUES ('v', 'training', true)");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.feature_flags (name, rollout_percentage) VALUES ('f', 101)");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.feature_flags (name, rollout_percentage) VALUES ('f', -1)");
        await ExecuteAsync($"INSERT INTO {s}.model_versions (version, status, is_active) VALUES ('a', 'ready', true)");
        await AssertViolatesAsync("23505", $"INSERT INTO {s}.model_versions (version, status, is_active) VALUES ('b', 'ready', true)");
        await ExecuteAsync($"INSERT INTO {s}.model_versions (version, status, is_active, ab_variant) VALUES ('c', 'ready', true, 'B')");
        await AssertViolatesAsync("23505", $"INSERT INTO {s}.model_versions (version, status, is_active, ab_variant) VALUES ('d', 'ready', true, 'B')");
        await ExecuteAsync($"INSERT INTO {s}.model_versions (version, status, is_active) VALUES ('e', 'ready', false)");
    }

    private async Task AssertViolatesAsync(string sqlState, string sql)
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql));
        Assert.Equal(sqlState, ex.SqlState);
    }

    private async Task<string[]> TablesAsync(string schema)
    {
        await using var command = DataSource.CreateCommand("SELECT table_name::text FROM information_schema.tables WHERE table_schema = @s ORDER BY 1");
        command.Parameters.AddWithValue("s", schema);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static async Task HoldLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@c, @o)", connection, transaction);
        command.Parameters.AddWithValue("c", PostgresMigrator.LockClassId);
        command.Parameters.AddWithValue("o", PostgresMigrator.LockObjectId(schema));
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 20_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the condition.");
            await Task.Delay(20, Token);
        }
    }
}
