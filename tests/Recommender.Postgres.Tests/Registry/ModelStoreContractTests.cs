using System.Security.Cryptography;
using Recommender.Training;

namespace Recommender.Postgres.Tests.Registry;

/// <summary>
/// The behaviour every <see cref="IModelStore"/> must have, run against <see cref="InMemoryModelStore"/> (the
/// reference) and <see cref="PostgresModelStore"/>, so the two cannot drift apart.
/// </summary>
public abstract class ModelStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IModelStore> CreateStoreAsync();

    [Fact]
    public async Task Save_ThenList_ReturnsAReadyInactiveVersionWithChecksumAndSize()
    {
        var store = await CreateStoreAsync();
        var bytes = Bytes(3000, seed: 1);

        var saved = await SaveAsync(store, "v1", bytes);

        Assert.Equal(ModelStatus.Ready, saved.Status);
        Assert.False(saved.IsActive);
        Assert.Null(saved.Variant);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), saved.Checksum);
        Assert.Equal(bytes.Length, saved.SizeBytes);
        var listed = Assert.Single(await store.ListAsync(Token));
        AssertSameInfo(saved, listed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((2 << 20) + 17)]
    public async Task Save_ThenOpen_ReturnsTheSameBytes(int length)
    {
        var store = await CreateStoreAsync();
        var bytes = Bytes(length, seed: length);
        await SaveAsync(store, "v1", bytes);

        await using var stream = await store.OpenArtefactAsync("v1", Token);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Save_MetadataRoundTrips()
    {
        var store = await CreateStoreAsync();
        var info = new ModelVersionInfo
        {
            Version = "meta",
            CreatedAt = T0,
            TrainedAt = new DateTimeOffset(2026, 1, 2, 5, 0, 0, TimeSpan.FromHours(2)),
            DataWatermark = new DateTimeOffset(2026, 1, 1, 23, 59, 59, TimeSpan.Zero),
            Parameters = new Dictionary<string, string> { ["factors"] = "50", ["α"] = "0.5", ["quote"] = "a \"b\" 'c'" },
            Metrics = new Dictionary<string, double>
            {
                ["ndcg@10"] = 0.3451234567890123,
                ["tiny"] = 1e-300,
                ["nan"] = double.NaN,
                ["inf"] = double.PositiveInfinity,
                ["-inf"] = double.NegativeInfinity,
                ["users"] = 6040,
            },
            Status = ModelStatus.Failed, // set by the store
            IsActive = true, // set by the store
            Checksum = "ignored",
            SizeBytes = 999,
        };

        var saved = await store.SaveAsync(info, (s, ct) => s.WriteAsync(new byte[] { 1, 2, 3 }, ct), Token);
        var listed = Assert.Single(await store.ListAsync(Token));

        foreach (var read in new[] { saved, listed })
        {
            Assert.Equal(info.CreatedAt, read.CreatedAt);
            Assert.Equal(info.TrainedAt, read.TrainedAt);
            Assert.Equal(info.DataWatermark, read.DataWatermark);
            Assert.Equal(info.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), read.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(info.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal), read.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(ModelStatus.Ready, read.Status);
            Assert.False(read.IsActive);
            Assert.Equal(3, read.SizeBytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3 })), read.Checksum);
        }
    }

    [Fact]
    public async Task Save_ExistingVersion_ThrowsAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await SaveAsync(store, "v1", [2]));

        await using var stream = await store.OpenArtefactAsync("v1", Token);
        Assert.Equal(1, stream.ReadByte());
    }

    [Fact]
    public async Task Save_WriterThrows_KeepsNothing_AndTheVersionCanBeSavedAgain()
    {
        var store = await CreateStoreAsync();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await store.SaveAsync(
            Info("v1"),
            async (s, ct) =>
            {
                await s.WriteAsync(Bytes((1 << 20) + 5, 3), ct);
                throw new InvalidDataException("writer failed");
            },
            Token));

        Assert.Equal("writer failed", ex.Message);
        Assert.Empty(await store.ListAsync(Token));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.OpenArtefactAsync("v1", Token));
        await SaveAsync(store, "v1", [7]);
        Assert.Single(await store.ListAsync(Token));
    }

    [Fact]
    public async Task Save_Cancelled_KeepsNothing()
    {
        var store = await CreateStoreAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SaveAsync(
            Info("v1"),
            async (s, ct) =>
            {
                await s.WriteAsync(Bytes(100, 4), ct);
                await cts.CancelAsync();
            },
            cts.Token));

        Assert.Empty(await store.ListAsync(Token));
    }

    [Fact]
    public async Task Save_WriterWritesSynchronouslyAndDisposesTheStream_StoresEverything()
    {
        var store = await CreateStoreAsync();
        var bytes = Bytes((1 << 20) + 1000, 5);

        await store.SaveAsync(
            Info("v1"),
            (s, _) =>
            {
                using (var writer = new BinaryWriter(s))
                {
                    writer.Write(bytes);
                }

                return ValueTask.CompletedTask;
            },
            Token);

        await using var stream = await store.OpenArtefactAsync("v1", Token);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Open_UnknownVersion_ThrowsKeyNotFound()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.OpenArtefactAsync("nope", Token));
    }

    [Fact]
    public async Task Activate_UnknownVersion_ThrowsKeyNotFound_AndChangesNothing()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.ActivateAsync("nope", cancellationToken: Token));
        Assert.Empty(await store.GetActiveAsync(Token));
    }

    [Fact]
    public async Task Activate_MapsTheVariantToTheVersion_AndListShowsIt()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        await SaveAsync(store, "v2", [2], T0.AddMinutes(1));

        await store.ActivateAsync("v1", cancellationToken: Token);
        await store.ActivateAsync("v2", "b", Token);

        var active = await store.GetActiveAsync(Token);
        Assert.Equal(2, active.Count);
        Assert.Equal("v1", active[ModelVariants.Default]);
        Assert.Equal("v2", active["b"]);
        var list = await store.ListAsync(Token);
        Assert.Equal(["v2", "v1"], list.Select(v => v.Version));
        Assert.All(list, v => Assert.True(v.IsActive));
        Assert.Equal("b", list[0].Variant);
        Assert.Equal(ModelVariants.Default, list[1].Variant);
    }

    [Fact]
    public async Task Activate_ReplacesThePrevious_WhichIsRetiredButStillLoadable_AndCanBeActivatedAgain()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        await SaveAsync(store, "v2", [2], T0.AddMinutes(1));
        await store.ActivateAsync("v1", cancellationToken: Token);

        await store.ActivateAsync("v2", cancellationToken: Token);

        Assert.Equal("v2", (await store.GetActiveAsync(Token))[ModelVariants.Default]);
        var v1 = (await store.ListAsync(Token)).Single(v => v.Version == "v1");
        Assert.Equal(ModelStatus.Retired, v1.Status);
        Assert.False(v1.IsActive);
        await using (var stream = await store.OpenArtefactAsync("v1", Token))
        {
            Assert.Equal(1, stream.ReadByte());
        }

        await store.ActivateAsync("v1", cancellationToken: Token); // rollback

        var list = await store.ListAsync(Token);
        Assert.Equal(ModelStatus.Ready, list.Single(v => v.Version == "v1").Status);
        Assert.Equal(ModelStatus.Retired, list.Single(v => v.Version == "v2").Status);
    }

    [Fact]
    public async Task Activate_PreviousStillServedByAnotherVariant_StaysReady()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        await SaveAsync(store, "v2", [2], T0.AddMinutes(1));
        await store.ActivateAsync("v1", cancellationToken: Token);
        await store.ActivateAsync("v1", "b", Token);

        await store.ActivateAsync("v2", cancellationToken: Token);

        var v1 = (await store.ListAsync(Token)).Single(v => v.Version == "v1");
        Assert.Equal(ModelStatus.Ready, v1.Status);
        Assert.True(v1.IsActive);
        Assert.Equal("b", v1.Variant);
        Assert.Equal("v1", (await store.GetActiveAsync(Token))["b"]);
    }

    [Fact]
    public async Task Activate_RaisesActiveChanged()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        var raised = 0;
        store.ActiveChanged += (_, _) => Interlocked.Increment(ref raised);

        await store.ActivateAsync("v1", cancellationToken: Token);

        Assert.True(Volatile.Read(ref raised) >= 1);
    }

    [Fact]
    public async Task Deactivate_DefaultVariant_Throws()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.DeactivateAsync(ModelVariants.Default, Token));
    }

    [Fact]
    public async Task Deactivate_RemovesTheVariant_RetiresItsVersion_AndUnknownVariantIsANoOp()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        await store.ActivateAsync("v1", "b", Token);

        await store.DeactivateAsync("b", Token);
        await store.DeactivateAsync("never-was", Token);

        Assert.Empty(await store.GetActiveAsync(Token));
        var v1 = Assert.Single(await store.ListAsync(Token));
        Assert.Equal(ModelStatus.Retired, v1.Status);
        Assert.False(v1.IsActive);
    }

    [Fact]
    public async Task Delete_ActiveVersion_Throws_InactiveIsRemoved_UnknownIsFalse()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "v1", [1]);
        await SaveAsync(store, "v2", [2], T0.AddMinutes(1));
        await store.ActivateAsync("v1", cancellationToken: Token);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.DeleteAsync("v1", Token));
        Assert.True(await store.DeleteAsync("v2", Token));
        Assert.False(await store.DeleteAsync("v2", Token));

        Assert.Equal(["v1"], (await store.ListAsync(Token)).Select(v => v.Version));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.OpenArtefactAsync("v2", Token));
    }

    [Fact]
    public async Task List_IsNewestFirst_ThenByVersionDescending()
    {
        var store = await CreateStoreAsync();
        await SaveAsync(store, "b", [1], T0);
        await SaveAsync(store, "a", [1], T0.AddHours(1));
        await SaveAsync(store, "c", [1], T0);

        Assert.Equal(["a", "c", "b"], (await store.ListAsync(Token)).Select(v => v.Version));
    }

    [Fact]
    public async Task RecordRun_AddsThenReplacesByRunId_AndListRunsIsNewestFirstUpToCount()
    {
        var store = await CreateStoreAsync();
        var first = new TrainingRunInfo { RunId = "r1", StartedAt = T0, Outcome = TrainingOutcome.Running };
        await store.RecordRunAsync(first, Token);
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "r2", StartedAt = T0.AddHours(1), Outcome = TrainingOutcome.Skipped }, Token);
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "r3", StartedAt = T0.AddHours(2), Outcome = TrainingOutcome.Failed, Error = "boom" }, Token);
        var finished = first with { FinishedAt = T0.AddMinutes(5), Outcome = TrainingOutcome.Activated, ModelVersion = "v1" };
        await store.RecordRunAsync(finished, Token);

        var all = await store.ListRunsAsync(10, Token);
        Assert.Equal(["r3", "r2", "r1"], all.Select(r => r.RunId));
        Assert.Equal(finished, all[2] with { HeartbeatAt = null });
        Assert.All(all, r => Assert.NotNull(r.HeartbeatAt));
        Assert.Equal("boom", all[0].Error);
        Assert.Equal(["r3", "r2"], (await store.ListRunsAsync(2, Token)).Select(r => r.RunId));
        Assert.Empty(await store.ListRunsAsync(0, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListRunsAsync(-1, Token));
    }

    [Fact]
    public async Task ListRuns_ARunningRunWithoutHeartbeatForLongerThanItsLease_IsMarkedAbandoned()
    {
        var store = await CreateStoreAsync();
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "short", StartedAt = T0, Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromSeconds(1) }, Token);
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "long", StartedAt = T0.AddSeconds(1), Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromHours(1) }, Token);
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "none", StartedAt = T0.AddSeconds(2), Outcome = TrainingOutcome.Running }, Token);
        Assert.All(await store.ListRunsAsync(10, Token), r => Assert.Equal(TrainingOutcome.Running, r.Outcome));

        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        var runs = (await store.ListRunsAsync(10, Token)).ToDictionary(r => r.RunId);

        Assert.Equal(TrainingOutcome.Abandoned, runs["short"].Outcome);
        Assert.NotNull(runs["short"].FinishedAt);
        Assert.StartsWith("Abandoned: no heartbeat since ", runs["short"].Error, StringComparison.Ordinal);
        Assert.Equal(TrainingOutcome.Running, runs["long"].Outcome);
        Assert.Equal(TrainingOutcome.Running, runs["none"].Outcome);
        Assert.Equal(0, await store.AbandonStaleRunsAsync(Token));

        // A heartbeat after all (the process was only paused) makes it running again.
        await store.RecordRunAsync(new TrainingRunInfo { RunId = "short", StartedAt = T0, Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromSeconds(1) }, Token);
        Assert.Equal(TrainingOutcome.Running, (await store.ListRunsAsync(10, Token)).Single(r => r.RunId == "short").Outcome);
    }

    [Fact]
    public async Task TrainingLock_IsExclusive_AndReleasedOnDispose()
    {
        var store = await CreateStoreAsync();

        var first = await store.TryAcquireTrainingLockAsync(Token);
        Assert.NotNull(first);
        Assert.Null(await store.TryAcquireTrainingLockAsync(Token));
        await first.DisposeAsync();
        await first.DisposeAsync(); // twice is harmless

        var again = await store.TryAcquireTrainingLockAsync(Token);
        Assert.NotNull(again);
        await again.DisposeAsync();
    }

    protected static ModelVersionInfo Info(string version, DateTimeOffset? createdAt = null) => new() { Version = version, CreatedAt = createdAt ?? T0 };

    protected static ValueTask<ModelVersionInfo> SaveAsync(IModelStore store, string version, byte[] bytes, DateTimeOffset? createdAt = null)
        => store.SaveAsync(Info(version, createdAt), (s, ct) => s.WriteAsync(bytes, ct), Token);

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void AssertSameInfo(ModelVersionInfo expected, ModelVersionInfo actual)
    {
        Assert.Equal(expected with { Parameters = actual.Parameters, Metrics = actual.Metrics }, actual);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.Metrics, actual.Metrics);
    }
}

public sealed class InMemoryModelStoreContractTests : ModelStoreContractTests
{
    protected override Task<IModelStore> CreateStoreAsync() => Task.FromResult<IModelStore>(new InMemoryModelStore());
}
