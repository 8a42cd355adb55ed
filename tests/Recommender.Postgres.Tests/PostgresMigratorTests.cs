using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

public sealed class PostgresMigratorTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    private static readonly string[] SdkTables = ["active_models", "feature_flags", "model_artefact_chunks", "model_versions", "schema_migrations", "system_config", "training_runs"];

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
    public async Task Schema_EnforcesItsConstraints()
    {
        var schema = Fixture.NewSchemaName();
        await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }).MigrateAsync(Token);
        var s = $"\"{schema}\"";

        await AssertViolatesAsync("23514", $"INSERT INTO {s}.model_versions (version, status) VALUES ('v', 'unknown')");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.feature_flags (name, rollout_percentage) VALUES ('f', 101)");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.feature_flags (name, rollout_percentage) VALUES ('f', -1)");
        await ExecuteAsync($"INSERT INTO {s}.model_versions (id, version, status) VALUES (1, 'ready', 'ready'), (2, 'training', 'training'), (3, 'other', 'ready')");

        // Only a ready version can serve; one version per variant; a serving version can neither change status nor be deleted.
        await AssertViolatesAsync("23503", $"INSERT INTO {s}.active_models (variant, model_version_id) VALUES ('default', 2)");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.active_models (variant, model_version_id, model_status) VALUES ('default', 2, 'training')");
        await AssertViolatesAsync("23514", $"INSERT INTO {s}.active_models (variant, model_version_id) VALUES ('', 1)");
        await ExecuteAsync($"INSERT INTO {s}.active_models (variant, model_version_id) VALUES ('default', 1), ('b', 1)");
        await AssertViolatesAsync("23505", $"INSERT INTO {s}.active_models (variant, model_version_id) VALUES ('b', 3)");
        await AssertViolatesAsync("23503", $"UPDATE {s}.model_versions SET status = 'retired' WHERE id = 1");
        await AssertViolatesAsync("23503", $"DELETE FROM {s}.model_versions WHERE id = 1");
        await AssertViolatesAsync("23505", $"INSERT INTO {s}.training_runs (run_id) VALUES ('r'), ('r')");
    }

    [Fact]
    public async Task Migration2_OnAVersion1Schema_CarriesOverActiveModelsAndRuns()
    {
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });
        Assert.Equal(1, (await migrator.MigrateToAsync(1, Token)).CurrentVersion);
        var s = $"\"{schema}\"";
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.model_versions (version, status, is_active, ab_variant) VALUES
                ('main', 'ready', true, NULL), ('b-model', 'ready', true, 'B'), ('old', 'retired', false, NULL);
            INSERT INTO {s}.training_runs (outcome) VALUES ('succeeded'), ('failed');
            """);

        var result = await migrator.MigrateAsync(Token);

        Assert.Equal(Enumerable.Range(2, PostgresMigrator.LatestVersion - 1), result.AppliedVersions);
        await using var store = new PostgresModelStore(DataSource, new PostgresRecommenderOptions { Schema = schema });
        var active = await store.GetActiveAsync(Token);
        Assert.Equal(2, active.Count);
        Assert.Equal("main", active["default"]);
        Assert.Equal("b-model", active["B"]);
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM {s}.model_versions WHERE is_active"));
        var runs = await store.ListRunsAsync(10, Token);
        Assert.Equal(2, runs.Count);
        Assert.Contains(runs, r => r.Outcome == Training.TrainingOutcome.Activated);
        Assert.All(runs, r => Assert.False(string.IsNullOrEmpty(r.RunId)));
    }

    [Fact]
    public async Task Migration3_OnAVersion2Schema_KeepsRunsWithoutALeaseRunning_AndAddsHeartbeats()
    {
        var schema = Fixture.NewSchemaName();
        var migrator = new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema });
        Assert.Equal(2, (await migrator.MigrateToAsync(2, Token)).CurrentVersion);
        var s = $"\"{schema}\"";
        await ExecuteAsync($"INSERT INTO {s}.training_runs (run_id, started_at, outcome) VALUES ('old-running', now() - interval '30 days', 'running')");

        var result = await migrator.MigrateAsync(Token);

        Assert.Equal([3], result.AppliedVersions);
        await using var store = new PostgresModelStore(DataSource, new PostgresRecommenderOptions { Schema = schema });
        var old = Assert.Single(await store.ListRunsAsync(10, Token));
        Assert.Equal((Training.TrainingOutcome.Running, (DateTimeOffset?)null, (TimeSpan?)null), (old.Outcome, old.HeartbeatAt, old.Lease));
        await store.RecordRunAsync(new Training.TrainingRunInfo { RunId = "new", StartedAt = DateTimeOffset.UnixEpoch, Outcome = Training.TrainingOutcome.Running, Lease = TimeSpan.FromMinutes(5) }, Token);
        var recorded = (await store.ListRunsAsync(10, Token)).Single(r => r.RunId == "new");
        Assert.NotNull(recorded.HeartbeatAt);
        Assert.Equal(TimeSpan.FromMinutes(5), recorded.Lease);
    }

    [Fact]
    public async Task Triggers_NotifyOnTheSchemaChannel_WhenTheirTableChanges()
    {
        var schema = Fixture.NewSchemaName();
        await new PostgresMigrator(DataSource, new PostgresRecommenderOptions { Schema = schema }).MigrateAsync(Token);
        await using var listener = await DataSource.OpenConnectionAsync(Token);
        var payloads = new List<string>();
        listener.Notification += (_, e) =>
        {
            if (e.Channel == schema)
            {
                lock (payloads)
                {
                    payloads.Add(e.Payload);
                }
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN \"{schema}\"", listener))
        {
            await listen.ExecuteNonQueryAsync(Token);
        }

        var s = $"\"{schema}\"";
        await ExecuteAsync($"INSERT INTO {s}.feature_flags (name) VALUES ('f')");
        await ExecuteAsync($"INSERT INTO {s}.system_config (key, value) VALUES ('k', '1')");
        await ExecuteAsync($"INSERT INTO {s}.model_versions (id, version, status) VALUES (1, 'v', 'ready'); INSERT INTO {s}.active_models (variant, model_version_id) VALUES ('default', 1)");
        await ExecuteAsync($"UPDATE {s}.training_runs SET error = 'x'"); // not notified

        var deadline = Environment.TickCount64 + 10_000;
        while (payloads.Count < 3 && Environment.TickCount64 < deadline)
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200), Token);
        }

        await listener.WaitAsync(TimeSpan.FromMilliseconds(200), Token);
        Assert.Equal(["flags", "config", "models"], payloads);
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
