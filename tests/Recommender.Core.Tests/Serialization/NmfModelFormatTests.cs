using Microsoft.Extensions.Time.Testing;
using Recommender.Collaborative;
using Recommender.Core.Tests.TestSupport;
using Recommender.Serialization;

namespace Recommender.Core.Tests.Serialization;

public sealed class NmfModelFormatTests
{
    private static readonly Lazy<NmfModel> Trained = new(() =>
        new NmfTrainer(new NmfOptions { Factors = 4, MaxIterations = 3, Regularization = 1 }, timeProvider: new FakeTimeProvider(TestData.Epoch))
            .Fit(TestData.Random(12, 15, 90, seed: 21)));

    private static byte[] Bytes(NmfModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static NmfModel Load(byte[] bytes) => NmfModel.Load(new MemoryStream(bytes));

    [Fact]
    public void SaveLoad_RoundTrip_PreservesEverything()
    {
        var original = Trained.Value;

        var loaded = Load(Bytes(original));

        Assert.Equal(original.Users.AsSpan().ToArray(), loaded.Users.AsSpan().ToArray());
        Assert.Equal(original.Posts.AsSpan().ToArray(), loaded.Posts.AsSpan().ToArray());
        Assert.Equal(original.AllUserFactors.ToArray(), loaded.AllUserFactors.ToArray());
        Assert.Equal(original.AllPostFactors.ToArray(), loaded.AllPostFactors.ToArray());
        Assert.Equal(original.PostGram.ToArray(), loaded.PostGram.ToArray());
        Assert.Equal(original.Summary with { LossHistory = [] }, loaded.Summary with { LossHistory = [] });
        Assert.Equal(original.Summary.LossHistory, loaded.Summary.LossHistory);
        for (var u = 0; u < original.Users.Count; u++)
        {
            Assert.Equal(original.GetSeenPosts(u).ToArray(), loaded.GetSeenPosts(u).ToArray());
            Assert.Equal(original.Recommend(original.Users[u], 5), loaded.Recommend(original.Users[u], 5));
        }
    }

    [Fact]
    public void SaveLoad_ToFile_ReplacesAtomically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nmf-{Guid.NewGuid():N}.rcm");
        try
        {
            File.WriteAllText(path, "previous contents");
            Trained.Value.Save(path);

            Assert.Equal(Trained.Value.AllPostFactors.ToArray(), NmfModel.Load(path).AllPostFactors.ToArray());
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_AnySingleFlippedByte_IsRejected()
    {
        var bytes = Bytes(Trained.Value);
        for (var i = 0; i < bytes.Length; i++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[i] ^= 0x5A;
            Assert.Throws<ModelFormatException>(() => Load(corrupt));
        }
    }

    [Fact]
    public void Load_TruncatedAnywhere_IsRejected()
    {
        var bytes = Bytes(Trained.Value);
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<ModelFormatException>(() => Load(bytes[..length]));
            Assert.False(string.IsNullOrEmpty(error.Message));
        }
    }

    [Fact]
    public void Load_ForeignFile_SaysItIsNotAModel()
    {
        var error = Assert.Throws<ModelFormatException>(() => Load("user_id,post_id\nu1,p1\n"u8.ToArray()));

        Assert.Contains("not a Recommender model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewerContainerVersion_AsksToUpgrade()
    {
        var bytes = Bytes(Trained.Value);
        bytes[8] = 99;

        var error = Assert.Throws<ModelFormatException>(() => Load(bytes));

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForgedHugeChunkLength_FailsWithoutAllocatingIt()
    {
        // Header, then a chunk claiming 2 GB with 10 bytes of data behind it.
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, NmfModel.Kind);
        stream.Write([(byte)'N', (byte)'M', (byte)'F', (byte)'H', 1, 0, 0, 0]);
        stream.Write(BitConverter.GetBytes((long)int.MaxValue - 5000));
        stream.Write(new byte[10]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ModelFormatException>(() => Load(stream.ToArray()));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "a forged length must not be allocated up front");
        GC.KeepAlive(writer);
    }

    [Fact]
    public void Load_WrongModelKind_IsRejected()
    {
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "something-else");
        writer.End();

        var error = Assert.Throws<ModelFormatException>(() => Load(stream.ToArray()));

        Assert.Contains("'something-else' model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FormatVersion1Fixture_ReadsTheSameModel()
    {
        // Written by the first format version (container 1, all chunks version 1); see Fixtures/README.md.
        var model = NmfModel.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nmf-v1.rcm"));

        Assert.Equal(4, model.FactorCount);
        Assert.Equal(12, model.Users.Count);
        Assert.Equal(15, model.Posts.Count);
        Assert.Equal(3, model.Summary.Iterations);
        Assert.Equal(FixtureExpectations.FirstUser, model.Users[0]);
        Assert.True(model.TryScore(FixtureExpectations.FirstUser, FixtureExpectations.FirstPost, out var score));
        Assert.Equal(FixtureExpectations.FirstScore, score, 6);
        Assert.Equal(FixtureExpectations.TopPostOfFirstUser, model.Recommend(FixtureExpectations.FirstUser, 1)[0].PostId);
    }
}
