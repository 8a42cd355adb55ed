using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Recommender.Postgres.Registry;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Training;

namespace Recommender.Postgres.Tests.Registry;

public sealed class ModelVersionStoreTests : IClassFixture<MigratedSchemaFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly MigratedSchemaFixture _fixture;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ModelVersionStore _store;

    public ModelVersionStoreTests(MigratedSchemaFixture fixture)
    {
        TestDatabase.Require();
        _fixture = fixture;
        _store = new ModelVersionStore(fixture.DataSource, fixture.Options, _time);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_ThenGetAsync_RoundTripsEveryColumn()
    {
        var watermark = new DateTimeOffset(2025, 3, 31, 23, 59, 59, TimeSpan.FromHours(2));
        var created = await _store.CreateAsync(
            new NewModelVersion("rt-1") { ParametersJson = """{"factors": 50, "seed": 42}""", DataWatermark = watermark },
            Token);

        var read = await _store.GetAsync("rt-1", Token);

        Assert.Equal(created, read);
        Assert.NotNull(read);
        Assert.True(read.Id > 0);
        Assert.Equal(Now, read.CreatedAt);
        Assert.Null(read.TrainedAt);
        Assert.Equal(ModelStatus.Training, read.Status);
        Assert.Null(read.ActiveVariant);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"seed": 42, "factors": 50}"""), JsonNode.Parse(read.ParametersJson)));
        Assert.Equal("{}", read.MetricsJson);
        Assert.Equal(watermark, read.DataWatermark);
        Assert.Null(read.Checksum);
        Assert.Null(read.SizeBytes);
    }

    [Fact]
    public async Task CreateAsync_DuplicateVersion_ThrowsUniqueViolation()
    {
        await _store.CreateAsync(new NewModelVersion("dup"), Token);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => _store.CreateAsync(new NewModelVersion("dup"), Token));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
    }

    [Fact]
    public async Task MarkReadyAsync_SetsStatusMetricsAndTrainingTime()
    {
        await _store.CreateAsync(new NewModelVersion("ready-1"), Token);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await _store.MarkReadyAsync("ready-1", """{"ndcg@10": 0.31}""", Token));
        Assert.False(await _store.MarkReadyAsync("missing", "{}", Token));

        var read = await _store.GetAsync("ready-1", Token);
        Assert.Equal(ModelStatus.Ready, read!.Status);
        Assert.Equal(Now.AddMinutes(5), read.TrainedAt);
        Assert.Equal(0.31, JsonNode.Parse(read.MetricsJson)!["ndcg@10"]!.GetValue<double>());
    }

    [Fact]
    public async Task ActivateAsync_SwitchesTheActiveModelOfTheVariantOnly_AndRetiresThePrevious()
    {
        foreach (var version in new[] { "act-a1", "act-a2", "act-b1" })
        {
            await CreateReadyAsync(version);
        }

        await _store.ActivateAsync("act-a1", "act-a", Token);
        await _store.ActivateAsync("act-b1", "act-b", Token);
        var active = await _store.ActivateAsync("act-a2", "act-a", Token);

        Assert.Equal("act-a2", active["act-a"]);
        Assert.Equal("act-b1", active["act-b"]);
        Assert.Equal("act-a2", (await _store.GetActiveAsync("act-a", Token))?.Version);
        Assert.Equal("act-b1", (await _store.GetActiveAsync("act-b", Token))?.Version);
        var previous = await _store.GetAsync("act-a1", Token);
        Assert.Null(previous!.ActiveVariant);
        Assert.Equal(ModelStatus.Retired, previous.Status);
        Assert.Equal("act-a", (await _store.GetAsync("act-a2", Token))!.ActiveVariant);
    }

    [Fact]
    public async Task ActivateAsync_DefaultVariant_IsItsOwnVariant()
    {
        await CreateReadyAsync("def-1");
        await _store.ActivateAsync("def-1", cancellationToken: Token);

        Assert.Equal("def-1", (await _store.GetActiveAsync(cancellationToken: Token))?.Version);
        Assert.Equal("def-1", (await _store.GetActiveMapAsync(Token))["default"]);
    }

    [Fact]
    public async Task ActivateAsync_NotReadyOrUnknown_Throws()
    {
        await _store.CreateAsync(new NewModelVersion("training-1"), Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.ActivateAsync("training-1", "x", Token));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.ActivateAsync("never-created", "x", Token));
    }

    [Fact]
    public async Task ActivateAsync_ConcurrentActivations_LeaveExactlyOneActive_AndRetireTheRest()
    {
        var versions = Enumerable.Range(0, 6).Select(i => $"race-{i}").ToArray();
        foreach (var version in versions)
        {
            await CreateReadyAsync(version);
        }

        await Task.WhenAll(versions.Select(v => Task.Run(() => _store.ActivateAsync(v, "race", Token), Token)));

        var raced = (await _store.ListAsync(Token)).Where(m => m.Version.StartsWith("race-", StringComparison.Ordinal)).ToList();
        var winner = Assert.Single(raced, m => m.ActiveVariant == "race");
        Assert.Equal(ModelStatus.Ready, winner.Status);
        Assert.All(raced.Where(m => m != winner), m => Assert.Equal(ModelStatus.Retired, m.Status));
    }

    [Fact]
    public async Task SetStatusAsync_ServingVersion_IsRefusedByTheForeignKey()
    {
        await CreateReadyAsync("retire-1");
        await _store.ActivateAsync("retire-1", "retire", Token);

        var ex = await Assert.ThrowsAsync<PostgresException>(() => _store.SetStatusAsync("retire-1", ModelStatus.Retired, Token));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, ex.SqlState);
        Assert.Equal(ModelStatus.Ready, (await _store.GetAsync("retire-1", Token))!.Status);
    }

    [Fact]
    public async Task DeactivateAsync_RemovesTheVariant_AndRetiresItsVersionUnlessServedElsewhere()
    {
        await CreateReadyAsync("deact-1");
        await CreateReadyAsync("deact-2");
        await _store.ActivateAsync("deact-1", "deact-a", Token);
        await _store.ActivateAsync("deact-2", "deact-b", Token);
        await _store.ActivateAsync("deact-2", "deact-c", Token);

        Assert.NotNull(await _store.DeactivateAsync("deact-a", Token));
        Assert.NotNull(await _store.DeactivateAsync("deact-b", Token));
        Assert.Null(await _store.DeactivateAsync("deact-unknown", Token));

        Assert.Equal(ModelStatus.Retired, (await _store.GetAsync("deact-1", Token))!.Status);
        var shared = await _store.GetAsync("deact-2", Token);
        Assert.Equal(ModelStatus.Ready, shared!.Status);
        Assert.Equal("deact-c", shared.ActiveVariant);
    }

    [Fact]
    public async Task DeleteAsync_ServingVersion_Throws()
    {
        await CreateReadyAsync("del-active");
        await _store.ActivateAsync("del-active", "del", Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.DeleteAsync("del-active", Token));
        Assert.NotNull(await _store.GetAsync("del-active", Token));
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestFirst()
    {
        await _store.CreateAsync(new NewModelVersion("list-1"), Token);
        await _store.CreateAsync(new NewModelVersion("list-2"), Token);

        var versions = (await _store.ListAsync(Token)).Select(m => m.Version).ToList();

        Assert.True(versions.IndexOf("list-2") < versions.IndexOf("list-1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ModelVersionStore.ChunkSize)]
    [InlineData((3 * ModelVersionStore.ChunkSize) + 12345)]
    public async Task Artefact_WrittenThenRead_IsTheSameBytes(int length)
    {
        var version = $"art-{length}";
        await _store.CreateAsync(new NewModelVersion(version), Token);
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        var info = await _store.WriteArtefactAsync(version, new MemoryStream(bytes), Token);

        Assert.Equal(length, info.SizeBytes);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Checksum);
        Assert.Equal((length + ModelVersionStore.ChunkSize - 1) / ModelVersionStore.ChunkSize, info.Chunks);
        var model = await _store.GetAsync(version, Token);
        Assert.Equal(info.Checksum, model!.Checksum);
        Assert.Equal(length, model.SizeBytes);

        await using var stream = await _store.OpenArtefactAsync(version, Token);
        Assert.NotNull(stream);
        Assert.Equal(length, stream.Length);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 100_000, Token);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Artefact_ReadSynchronously_IsTheSameBytes()
    {
        await _store.CreateAsync(new NewModelVersion("art-sync"), Token);
        var bytes = new byte[ModelVersionStore.ChunkSize + 10];
        new Random(7).NextBytes(bytes);
        await _store.WriteArtefactAsync("art-sync", new MemoryStream(bytes), Token);

        using var stream = (await _store.OpenArtefactAsync("art-sync", Token))!;
        var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Artefact_WrittenTwice_KeepsOnlyTheSecond()
    {
        await _store.CreateAsync(new NewModelVersion("art-twice"), Token);
        await _store.WriteArtefactAsync("art-twice", new MemoryStream(new byte[(2 * ModelVersionStore.ChunkSize) + 1]), Token);
        await _store.WriteArtefactAsync("art-twice", new MemoryStream([1, 2, 3]), Token);

        await using var stream = (await _store.OpenArtefactAsync("art-twice", Token))!;
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);

        Assert.Equal(new byte[] { 1, 2, 3 }, copy.ToArray());
    }

    [Fact]
    public async Task Artefact_CorruptedInTheDatabase_ThrowsInvalidDataAtTheEnd()
    {
        await _store.CreateAsync(new NewModelVersion("art-corrupt"), Token);
        await _store.WriteArtefactAsync("art-corrupt", new MemoryStream(new byte[5000]), Token);
        await using (var command = _fixture.DataSource.CreateCommand(
            $"""
            UPDATE "{_fixture.Schema}".model_artefact_chunks SET data = set_byte(data, 10, 1)
            WHERE model_version_id = (SELECT id FROM "{_fixture.Schema}".model_versions WHERE version = 'art-corrupt')
            """))
        {
            await command.ExecuteNonQueryAsync(Token);
        }

        await using var stream = (await _store.OpenArtefactAsync("art-corrupt", Token))!;
        await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null, Token));
    }

    [Fact]
    public async Task OpenArtefactAsync_UnknownOrWithoutArtefact_ReturnsNull()
    {
        await _store.CreateAsync(new NewModelVersion("art-none"), Token);

        Assert.Null(await _store.OpenArtefactAsync("art-none", Token));
        Assert.Null(await _store.OpenArtefactAsync("art-unknown", Token));
    }

    [Fact]
    public async Task WriteArtefactAsync_UnknownVersion_ThrowsKeyNotFound()
        => await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.WriteArtefactAsync("nope", new MemoryStream([1]), Token));

    [Fact]
    public async Task WriteArtefactAsync_Cancelled_StoresNothing()
    {
        await _store.CreateAsync(new NewModelVersion("art-cancel"), Token);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var content = new CancellingStream(new MemoryStream(new byte[4 * ModelVersionStore.ChunkSize]), cts, cancelAfterBytes: 2 * ModelVersionStore.ChunkSize);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.WriteArtefactAsync("art-cancel", content, cts.Token));

        Assert.Null((await _store.GetAsync("art-cancel", Token))!.Checksum);
        Assert.Null(await _store.OpenArtefactAsync("art-cancel", Token));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheModelAndItsChunks()
    {
        await _store.CreateAsync(new NewModelVersion("del-1"), Token);
        await _store.WriteArtefactAsync("del-1", new MemoryStream(new byte[10]), Token);

        Assert.True(await _store.DeleteAsync("del-1", Token));
        Assert.False(await _store.DeleteAsync("del-1", Token));

        Assert.Null(await _store.GetAsync("del-1", Token));
        await using var command = _fixture.DataSource.CreateCommand(
            $"SELECT count(*) FROM \"{_fixture.Schema}\".model_artefact_chunks c LEFT JOIN \"{_fixture.Schema}\".model_versions m ON m.id = c.model_version_id WHERE m.id IS NULL");
        Assert.Equal(0L, await command.ExecuteScalarAsync(Token));
    }

    private async Task CreateReadyAsync(string version)
    {
        await _store.CreateAsync(new NewModelVersion(version), Token);
        await _store.MarkReadyAsync(version, "{}", Token);
    }

    /// <summary>Cancels a token once a number of bytes has been read, to cancel in the middle of an upload.</summary>
    private sealed class CancellingStream(Stream inner, CancellationTokenSource cts, int cancelAfterBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= cancelAfterBytes)
            {
                await cts.CancelAsync();
            }

            var n = await inner.ReadAsync(buffer, cancellationToken);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
