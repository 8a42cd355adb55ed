using System.Diagnostics;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Training;

namespace Recommender.Postgres.Tests.Registry;

/// <summary>What only a shared, real database can show: several instances, killed connections, crashes, outages.</summary>
public sealed class PostgresModelStoreTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TwoInstances_OneActivates_TheOtherHearsItThroughNotify_WithinSeconds()
    {
        // Polling every 10 minutes: only NOTIFY can deliver the change in time.
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        await using var a = new PostgresModelStore(DataSource, options);
        await using var b = new PostgresModelStore(DataSource, options);
        using var changed = new SemaphoreSlim(0);
        b.ActiveChanged += (_, _) => changed.Release();
        Assert.True(await changed.WaitAsync(Patience, Token), "B did not start listening.");

        await SaveAsync(a, "v1");
        var clock = Stopwatch.StartNew();
        await a.ActivateAsync("v1", cancellationToken: Token);

        Assert.True(await changed.WaitAsync(Patience, Token), "B did not hear the activation.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"B heard the activation after {clock.Elapsed}.");
        Assert.Equal("v1", (await b.GetActiveAsync(Token))[ModelVariants.Default]);
    }

    [Fact]
    public async Task ListeningConnectionKilled_TheInstanceReconnects_AndHearsWhatChangedMeanwhileAndAfter()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        await using var a = new PostgresModelStore(DataSource, options);
        await using var b = new PostgresModelStore(DataSource, options);
        using var changed = new SemaphoreSlim(0);
        b.ActiveChanged += (_, _) => changed.Release();
        Assert.True(await changed.WaitAsync(Patience, Token), "B did not start listening.");
        await SaveAsync(a, "v1");
        await SaveAsync(a, "v2");
        var killed = b.ListenerProcessId;
        Assert.NotEqual(0, killed);

        await TerminateAsync(killed);
        await a.ActivateAsync("v1", cancellationToken: Token); // while B is (about to be) disconnected

        Assert.True(await changed.WaitAsync(Patience, Token), "B did not catch up after its connection was killed.");
        Assert.Equal("v1", (await b.GetActiveAsync(Token))[ModelVariants.Default]);
        await WaitUntilAsync(() => b.ListenerProcessId is not 0 && b.ListenerProcessId != killed, Patience, "B listening again");

        await a.ActivateAsync("v2", cancellationToken: Token);
        Assert.True(await changed.WaitAsync(Patience, Token), "B did not hear an activation on its new connection.");
        Assert.Equal("v2", (await b.GetActiveAsync(Token))[ModelVariants.Default]);
    }

    [Fact]
    public async Task NotListening_TheInstancePolls_AndHearsTheChangeWithinThePollInterval()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        await using var a = new PostgresModelStore(DataSource, options);
        await using var b = new PostgresModelStore(DataSource, options, null, null, listen: false);
        using var changed = new SemaphoreSlim(0);
        b.ActiveChanged += (_, _) => changed.Release();
        Assert.True(await changed.WaitAsync(Patience, Token), "B did not poll.");
        Assert.Equal(0, b.ListenerProcessId);

        await SaveAsync(a, "v1");
        await a.ActivateAsync("v1", "b", Token);

        Assert.True(await changed.WaitAsync(Patience, Token), "B's polling did not see the activation.");
        Assert.Equal("v1", (await b.GetActiveAsync(Token))["b"]);
    }

    [Fact]
    public async Task SaveWhoseConnectionIsKilledMidArtefact_LeavesThePreviousActiveAndNoNewVersion()
    {
        var options = await MigratedOptionsAsync();
        await using var store = new PostgresModelStore(DataSource, options);
        var v1 = Bytes(5000, 1);
        await store.SaveAsync(new ModelVersionInfo { Version = "v1" }, (s, ct) => s.WriteAsync(v1, ct), Token);
        await store.ActivateAsync("v1", cancellationToken: Token);
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var save = store.SaveAsync(
            new ModelVersionInfo { Version = "v2" },
            async (s, ct) =>
            {
                await s.WriteAsync(Bytes((2 << 20) + 10, 2), ct); // two chunks sent
                inside.SetResult();
                await release.Task;
                for (var i = 0; i < 8; i++)
                {
                    await s.WriteAsync(Bytes(1 << 20, 3 + i), ct);
                }
            },
            Token).AsTask();
        await inside.Task.WaitAsync(Patience, Token);
        var writer = await ScalarAsync<int>($"SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY \"{options.Schema}\".model_artefact_chunks%'");
        Assert.Equal("training", await ScalarAsync<string>($"SELECT status FROM \"{options.Schema}\".model_versions WHERE version = 'v2'"));

        await TerminateAsync(writer);
        release.SetResult();

        var ex = await Assert.ThrowsAsync<PostgresUnavailableException>(() => save);
        Assert.Contains("v2", ex.Message);
        Assert.Equal("v1", (await store.GetActiveAsync(Token))[ModelVariants.Default]);
        var versions = await store.ListAsync(Token);
        Assert.Equal(["v1"], versions.Select(v => v.Version));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM \"{options.Schema}\".model_artefact_chunks c JOIN \"{options.Schema}\".model_versions m ON m.id = c.model_version_id WHERE m.version <> 'v1'"));
        await using (var stream = await store.OpenArtefactAsync("v1", Token))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Token);
            Assert.Equal(v1, copy.ToArray());
        }

        await store.SaveAsync(new ModelVersionInfo { Version = "v2" }, (s, ct) => s.WriteAsync(Bytes(10, 9), ct), Token);
        await store.ActivateAsync("v2", cancellationToken: Token);
    }

    [Fact]
    public async Task LeftoverTrainingRow_NobodyHoldsItsSaveLock_IsRemovedByTheNextSave_ARowBeingSavedIsKept()
    {
        var options = await MigratedOptionsAsync();
        var logger = new FakeLogger<PostgresModelStore>();
        await using var store = new PostgresModelStore(DataSource, options, null, logger);
        var s = $"\"{options.Schema}\"";
        await ExecuteAsync($"INSERT INTO {s}.model_versions (version, status) VALUES ('crashed', 'training')");
        await using var saver = await DataSource.OpenConnectionAsync(Token);
        long liveId;
        await using (var insert = new NpgsqlCommand($"INSERT INTO {s}.model_versions (version, status) VALUES ('live', 'training') RETURNING id", saver))
        {
            liveId = (long)(await insert.ExecuteScalarAsync(Token))!;
        }

        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", saver))
        {
            hold.Parameters.AddWithValue("key", new RegistryLocks(options.Schema).SaveKey(liveId));
            await hold.ExecuteNonQueryAsync(Token);
        }

        var listed = await store.ListAsync(Token);
        Assert.All(listed, v => Assert.Equal(ModelStatus.Training, v.Status));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.OpenArtefactAsync("crashed", Token));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ActivateAsync("crashed", cancellationToken: Token));

        await SaveAsync(store, "next");

        Assert.Equal(["live", "next"], (await store.ListAsync(Token)).Select(v => v.Version).Order(StringComparer.Ordinal));
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6043);
    }

    [Fact]
    public async Task TrainingLock_IsExclusiveAcrossInstances_ReleasedOnDispose_AndWhenTheHoldersConnectionDies()
    {
        var options = await MigratedOptionsAsync();
        await using var a = new PostgresModelStore(DataSource, options);
        await using var b = new PostgresModelStore(DataSource, options);
        await using var otherSchema = new PostgresModelStore(DataSource, await MigratedOptionsAsync());

        var held = await a.TryAcquireTrainingLockAsync(Token);
        Assert.NotNull(held);
        Assert.Null(await b.TryAcquireTrainingLockAsync(Token));
        Assert.Null(await a.TryAcquireTrainingLockAsync(Token));
        var independent = await otherSchema.TryAcquireTrainingLockAsync(Token);
        Assert.NotNull(independent); // schemas lock independently
        await independent.DisposeAsync();

        await held.DisposeAsync();
        var bHeld = await b.TryAcquireTrainingLockAsync(Token);
        Assert.NotNull(bHeld);
        Assert.Null(await a.TryAcquireTrainingLockAsync(Token));

        var holder = await ScalarAsync<int>(
            $"SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = {RegistryLocks.TrainingClassId} AND objid::bigint = {(uint)new RegistryLocks(options.Schema).SchemaKey} AND objsubid = 2");
        await TerminateAsync(holder);

        IAsyncDisposable? taken = null;
        await WaitUntilAsync(async () => (taken = await a.TryAcquireTrainingLockAsync(Token)) is not null, Patience, "the lock to be free after its holder died");
        await bHeld.DisposeAsync(); // its connection is dead: harmless
        Assert.Null(await b.TryAcquireTrainingLockAsync(Token));
        await taken!.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseDown_EveryCallFailsFast_WithPostgresUnavailable_NamingTheOperationButNoSecret()
    {
        await using var down = DownDataSource();
        var options = new PostgresRecommenderOptions { Schema = "down_schema" };
        await using var store = new PostgresModelStore(down, options);
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("save", async () => await SaveAsync(store, "v1")),
            ("open", async () => await store.OpenArtefactAsync("v1", Token)),
            ("list", async () => await store.ListAsync(Token)),
            ("active", async () => await store.GetActiveAsync(Token)),
            ("activate", async () => await store.ActivateAsync("v1", cancellationToken: Token)),
            ("deactivate", async () => await store.DeactivateAsync("b", Token)),
            ("delete", async () => await store.DeleteAsync("v1", Token)),
            ("record", async () => await store.RecordRunAsync(new TrainingRunInfo { RunId = "r" }, Token)),
            ("runs", async () => await store.ListRunsAsync(3, Token)),
            ("lock", async () => await store.TryAcquireTrainingLockAsync(Token)),
        };

        foreach (var (name, call) in calls)
        {
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<PostgresUnavailableException>(call);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{name} took {clock.Elapsed}.");
            Assert.True(ex.IsTransient);
            Assert.Contains("down_schema", ex.Message);
            Assert.DoesNotContain(DownPassword, ex.ToString());
        }
    }

    [Fact]
    public async Task ActiveChangedHandlerThrows_OtherHandlersStillRun_AndItIsLogged()
    {
        var options = await MigratedOptionsAsync();
        var logger = new FakeLogger<PostgresModelStore>();
        await using var store = new PostgresModelStore(DataSource, options, null, logger);
        await SaveAsync(store, "v1");
        var reached = 0;
        store.ActiveChanged += (_, _) => throw new InvalidOperationException("handler bug");
        store.ActiveChanged += (_, _) => Interlocked.Increment(ref reached);

        await store.ActivateAsync("v1", cancellationToken: Token);

        Assert.True(Volatile.Read(ref reached) >= 1);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6047);
    }

    private static ValueTask<ModelVersionInfo> SaveAsync(PostgresModelStore store, string version)
        => store.SaveAsync(new ModelVersionInfo { Version = version }, (s, ct) => s.WriteAsync(new byte[] { 1, 2, 3 }, ct), Token);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
