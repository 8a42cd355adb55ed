using System.Buffers.Binary;
using Recommender.Collaborative;
using Recommender.Core.Tests.Serialization;
using Recommender.Ranking;
using Recommender.Serialization;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Training;

public sealed class RecommenderModelTests
{
    private static readonly Lazy<byte[]> ModelBytes = new(() => RecommenderTrainerTests.Bytes(Model));

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalRankingsAndInfo_AndTheSameBytes()
    {
        var loaded = RecommenderModel.Load(new MemoryStream(ModelBytes.Value));
        var before = Ranker();
        var after = Ranker(model: loaded);
        string[] users = [.. ActiveUsers(10), "someone-new"];
        var candidates = RecentPosts(3).Append(NewPost("brand-new", "u001", "cooking")).ToArray();

        foreach (var user in users)
        {
            Assert.Equal(Flatten(before.Rank(user, candidates)), Flatten(after.Rank(user, candidates)));
            Assert.Equal(Flatten(before.Recommend(user, 30)), Flatten(after.Recommend(user, 30)));
        }

        Assert.Equal(Model.Info with { Duration = default }, loaded.Info with { Duration = default });
        Assert.Equal(Model.Info.Duration, loaded.Info.Duration);
        Assert.Equal(ModelBytes.Value, RecommenderTrainerTests.Bytes(loaded));
    }

    [Fact]
    public void SaveLoad_ModelWithoutCollaborativePart_RoundTrips()
    {
        var model = Trainer().Fit([], Feed.Posts.Take(20), [], null, null, TestContext.Current.CancellationToken);

        var loaded = RecommenderModel.Load(new MemoryStream(RecommenderTrainerTests.Bytes(model)));

        Assert.Null(loaded.Collaborative);
        Assert.Equal(Flatten(Ranker(model: model).Recommend("x", 5)), Flatten(Ranker(model: loaded).Recommend("x", 5)));
    }

    [Fact]
    public void Load_TruncatedFile_IsRejected()
    {
        var bytes = ModelBytes.Value;
        foreach (var length in new[] { 0, 5, 13, 20, 40, bytes.Length / 3, bytes.Length / 2, bytes.Length - 5, bytes.Length - 1 })
        {
            Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(bytes[..length])));
        }
    }

    [Fact]
    public void Load_CorruptFile_IsRejected()
    {
        var bytes = ModelBytes.Value;
        var random = new Random(3);
        for (var i = 0; i < 20; i++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[random.Next(corrupt.Length)] ^= (byte)(1 << random.Next(8));
            Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(corrupt)));
        }
    }

    [Fact]
    public void Load_AnotherKindOfModel_IsRejectedNamingBoth()
    {
        using var nmf = new MemoryStream();
        Model.Collaborative!.Save(nmf);

        var error = Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(nmf.ToArray())));

        Assert.Contains("'recommender'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ModelFormatException>(() => NmfModel.Load(new MemoryStream(ModelBytes.Value)));
    }

    [Fact]
    public void Load_BlendWithANonFiniteWeight_IsRejected()
    {
        var blend = Model.Blend;
        var weights = blend.Weights.ToArray();
        weights[3] = float.NaN;

        var forged = RewriteBlend(chunk => WriteBlend(chunk, blend.Means.ToArray(), blend.InverseStd.ToArray(), weights));
        var shortArrays = RewriteBlend(chunk => WriteBlend(chunk, blend.Means.ToArray()[1..], blend.InverseStd.ToArray(), blend.Weights.ToArray()));
        var unchanged = RewriteBlend(chunk => WriteBlend(chunk, blend.Means.ToArray(), blend.InverseStd.ToArray(), blend.Weights.ToArray()));

        Assert.Contains("not finite", Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(forged))).Message, StringComparison.Ordinal);
        Assert.Contains("wrong length", Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(shortArrays))).Message, StringComparison.Ordinal);
        Assert.Equal(Flatten(Ranker().Rank("u001", RecentPosts(1))), Flatten(Ranker(model: RecommenderModel.Load(new MemoryStream(unchanged))).Rank("u001", RecentPosts(1))));
    }

    [Theory]
    [InlineData(1L, "TrainedAt")]
    [InlineData(3155378975999999999L, "TrainedAt")]
    [InlineData(2839809888000000000L, "TrainedAt")]
    [InlineData(-1L, "DataWatermark")]
    [InlineData(-2L, "DataWatermark")]
    [InlineData(-3L, "DataWatermark")]
    public void Load_ForgedTimeInTheHeader_IsRejectedNamingTheField(long ticks, string field)
    {
        // ticks: 1 = year 1; 3155378975999999999 = DateTimeOffset.MaxValue; 2839809888000000000 = year 9000.
        // For DataWatermark, -1, -2 and -3 stand for year 9000, DateTimeOffset.MaxValue and one tick past it.
        var info = Model.Info;
        var watermark = ticks switch
        {
            -1 => 2839809888000000000L,
            -2 => DateTimeOffset.MaxValue.UtcTicks,
            -3 => DateTimeOffset.MaxValue.UtcTicks + 1,
            _ => info.DataWatermark!.Value.UtcTicks,
        };
        var trainedAt = field == "TrainedAt" ? ticks : info.TrainedAt.UtcTicks;
        var forged = ContainerRewriter.Rewrite(ModelBytes.Value, "recommender", ChunkTags(ModelBytes.Value), "RMHD", h =>
        {
            h.WriteBoolean(Model.Collaborative is not null);
            h.WriteInt64(trainedAt);
            h.WriteBoolean(true);
            h.WriteInt64(watermark);
            h.WriteInt32(info.Users);
            h.WriteInt32(info.Posts);
            h.WriteInt64(info.Engagements);
            h.WriteInt64(info.Duration.Ticks);
        });

        var error = Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(forged)));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_MissingBlendChunk_IsRejected()
    {
        var tags = ChunkTags(ModelBytes.Value).Where(t => t != "BLND").ToArray();
        var bytes = ContainerRewriter.Rewrite(ModelBytes.Value, "recommender", tags, "none", _ => { });

        Assert.Contains("BLND", Assert.Throws<ModelFormatException>(() => RecommenderModel.Load(new MemoryStream(bytes))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveAndLoad_NullStream_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => RecommenderModel.Load(null!));
        Assert.Throws<ArgumentNullException>(() => Model.Save(null!));
    }

    private static byte[] RewriteBlend(Action<ChunkWriter> payload) =>
        ContainerRewriter.Rewrite(ModelBytes.Value, "recommender", ChunkTags(ModelBytes.Value), "BLND", payload, replacedVersion: 2);

    private static void WriteBlend(ChunkWriter chunk, float[] means, float[] inverseStd, float[] weights)
    {
        var blend = Model.Blend;
        chunk.WriteBoolean(blend.Learned);
        chunk.WriteSingle(blend.Bias);
        chunk.WriteSingle(blend.ScoreScale);
        chunk.WriteSingle(blend.ScoreOffset);
        chunk.WriteStrings([.. BlendSignals.All.Select(s => s.Name)]);
        chunk.WriteSingles(means);
        chunk.WriteSingles(inverseStd);
        chunk.WriteSingles(weights);
        chunk.WriteInt32(blend.Diagnostics.Positives);
        chunk.WriteInt32(blend.Diagnostics.Negatives);
        chunk.WriteDouble(blend.Diagnostics.LearnedAuc);
        chunk.WriteDouble(blend.Diagnostics.HandAuc);
        chunk.WriteString(blend.Diagnostics.Note);
    }

    /// <summary>The chunk tags of a container, in file order (see docs/model-format.md).</summary>
    private static string[] ChunkTags(byte[] bytes)
    {
        var tags = new List<string>();
        var at = 14 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(12));
        while (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) is var tag && tag != ModelContainer.EndTag)
        {
            tags.Add(ModelContainer.TagName(tag));
            at += 16 + (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + 8)) + 4;
        }

        return [.. tags];
    }

    private static IEnumerable<(string, float, RecommendationSource, string)> Flatten(IReadOnlyList<RankedPost> ranked) =>
        ranked.Select(r => (r.PostId, r.Score, r.Source, string.Join("|", r.Reasons)));
}
