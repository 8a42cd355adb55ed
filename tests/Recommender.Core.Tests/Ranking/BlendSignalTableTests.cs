using System.Reflection;
using Recommender.Features;
using Recommender.Ranking;
using Recommender.Serialization;

namespace Recommender.Core.Tests.Ranking;

/// <summary>
/// Issue 15: the signal table (<see cref="BlendSignals"/>) is the one place that describes a blend signal; these
/// tests hold for every entry, so a new signal is checked by them without a line of its own here.
/// </summary>
public sealed class BlendSignalTableTests
{
    private const int F = PairFeatureColumns.Count;

    /// <summary>The signals of blend layouts 1 and 2, in the order files of BLND version 1 hold them.</summary>
    private static readonly string[] PositionalNames =
    [
        "collaborative", "content", "author-share", "follows-author", "time-match", "freshness",
        "popularity", "velocity-log", "author-popularity", "already-seen", "co-engagement",
    ];

    [Fact]
    public void Table_EveryEntry_IsComplete_AndNamedOnce()
    {
        Assert.InRange(BlendSignals.Count, 1, BlendModel.MaxSignals);
        Assert.Equal(BlendSignals.Count, BlendSignals.All.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        foreach (var signal in BlendSignals.All)
        {
            Assert.Matches("^[a-z][a-z-]*$", signal.Name);
            Assert.InRange(signal.Column, 0, F - 1);
            Assert.InRange(signal.MissingFlag, -1, F - 1);
            Assert.InRange(signal.Since, BlendModel.FirstLayout, BlendModel.NamedLayout);
            Assert.Equal(signal, BlendSignals.All[BlendSignals.IndexOf(signal.Name)]);
        }

        Assert.Equal(-1, BlendSignals.IndexOf("no-such-signal"));
    }

    [Fact]
    public void Table_HandWeights_ReadTheNamedBlendWeightsProperty()
    {
        Assert.Equal(nameof(BlendWeights.AuthorAffinity), BlendSignals.All[BlendSignals.IndexOf("author-share")].HandWeight.Property);
        foreach (var signal in BlendSignals.All.Where(s => s.HandWeight.Property is not null))
        {
            var property = typeof(BlendWeights).GetProperty(signal.HandWeight.Property!, BindingFlags.Public | BindingFlags.Instance);
            Assert.NotNull(property);
            var weights = new BlendWeights();
            property.SetValue(weights, 12.5f);
            Assert.Equal(12.5f, signal.HandWeight.Read(weights));
        }
    }

    [Fact]
    public void Table_PositionalLayouts_KeepTheOrderOlderFilesHold()
    {
        Assert.Equal(PositionalNames[..10], BlendSignals.All.Where(s => s.Since <= BlendModel.FirstLayout).Select(s => s.Name));
        Assert.Equal(PositionalNames, BlendSignals.All.Where(s => s.Since <= BlendModel.CoEngagementLayout).Select(s => s.Name));
    }

    [Fact]
    public void HandBlend_EverySignal_GetsItsWeight_AndItsBoostGroupsMultiplier()
    {
        var hand = new BlendWeights { NewUserBoost = 2f, NewPostBoost = 3f };
        var n = BlendSignals.Count;

        var weights = BlendModel.FromHandWeights(hand, new float[n], Enumerable.Repeat(1f, n).ToArray(), Diagnostics()).Weights;

        for (var s = 0; s < n; s++)
        {
            var signal = BlendSignals.All[s];
            var w = signal.HandWeight.Read(hand);
            Assert.Equal(w, weights[s]);
            Assert.Equal(signal.Boost == BoostGroup.NewUser ? w : 0f, weights[n + s]);
            Assert.Equal(signal.Boost == BoostGroup.NewPost ? 2f * w : 0f, weights[(2 * n) + s]);
        }
    }

    [Fact]
    public void Logit_OnRandomRows_IsTheBiasPlusEachSignalsContribution_AndMissingSignalsAddNothing()
    {
        var random = new Random(5);
        var n = BlendSignals.Count;
        var means = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var inverseStd = Enumerable.Range(0, n).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, BlendModel.Width).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var blend = new BlendModel(means, inverseStd, weights, 0.25f, learned: true, Diagnostics());
        var row = new float[F];
        var contributions = new float[n];
        for (var trial = 0; trial < 500; trial++)
        {
            for (var c = 0; c < F; c++)
            {
                row[c] = random.Next(4) == 0 ? 0f : random.Next(3) == 0 ? 1f : (float)(random.NextDouble() * 3);
            }

            blend.Contributions(row, contributions);
            Assert.Equal(0.25f + contributions.Sum(), blend.Logit(row), 4);
            for (var s = 0; s < n; s++)
            {
                if (BlendSignals.All[s].IsMissing(row))
                {
                    Assert.Equal(0f, contributions[s]);
                }
            }
        }
    }

    [Fact]
    public void SaveLoad_StoresTheSignalNames_AndRoundTripsEveryArray()
    {
        var blend = RandomBlend(7);

        var loaded = Load(Write(blend));

        Assert.Equal(blend.Means.ToArray(), loaded.Means.ToArray());
        Assert.Equal(blend.InverseStd.ToArray(), loaded.InverseStd.ToArray());
        Assert.Equal(blend.Weights.ToArray(), loaded.Weights.ToArray());
        Assert.Equal((blend.ScoreScale, blend.ScoreOffset, blend.Learned), (loaded.ScoreScale, loaded.ScoreOffset, loaded.Learned));
        var payload = System.Text.Encoding.UTF8.GetString(Write(blend));
        Assert.All(BlendSignals.All, s => Assert.Contains(s.Name, payload, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NamedBlendWithoutASignal_ReadsItByName_WithWeightZero()
    {
        // A file of another build: the signals in another order, one of this build's left out.
        var n = BlendSignals.Count;
        var absent = BlendSignals.IndexOf("time-match");
        var order = Enumerable.Range(0, n).Where(s => s != absent).Reverse().ToArray();
        var means = order.Select(s => s + 0.5f).ToArray();
        var inverseStd = order.Select(s => s + 1f).ToArray();
        var weights = Enumerable.Range(0, 3).SelectMany(block => order.Select(s => (100f * block) + s)).ToArray();

        var blend = Load(Chunk([.. order.Select(s => BlendSignals.All[s].Name)], means, inverseStd, weights));

        for (var s = 0; s < n; s++)
        {
            var known = s != absent;
            Assert.Equal(known ? s + 0.5f : 0f, blend.Means[s]);
            Assert.Equal(known ? s + 1f : 1f, blend.InverseStd[s]);
            for (var block = 0; block < 3; block++)
            {
                Assert.Equal(known ? (100f * block) + s : 0f, blend.Weights[(block * n) + s]);
            }
        }
    }

    [Fact]
    public void Load_BlendNamingASignalThisBuildDoesNotKnow_IsRejectedNamingIt()
    {
        string[] names = [.. BlendSignals.All.Select(s => s.Name), "from-the-future"];
        var n = names.Length;

        var error = Assert.Throws<ModelFormatException>(() => Load(Chunk(names, new float[n], Enumerable.Repeat(1f, n).ToArray(), new float[3 * n])));

        Assert.Equal("Chunk BLND uses the blend signal 'from-the-future', which this version of Recommender does not know: upgrade Recommender to load this model.", error.Message);
    }

    [Fact]
    public void Load_BlendNamingASignalTwice_OrWithArraysOfAnotherLength_IsRejected()
    {
        var n = BlendSignals.Count;
        string[] twice = [.. BlendSignals.All.Select(s => s.Name).Take(n - 1), "content"];
        string[] all = [.. BlendSignals.All.Select(s => s.Name)];

        var repeated = Assert.Throws<ModelFormatException>(() => Load(Chunk(twice, new float[n], Enumerable.Repeat(1f, n).ToArray(), new float[3 * n])));
        var shorter = Assert.Throws<ModelFormatException>(() => Load(Chunk(all, new float[n - 1], Enumerable.Repeat(1f, n).ToArray(), new float[3 * n])));

        Assert.Contains("names the blend signal 'content' twice", repeated.Message, StringComparison.Ordinal);
        Assert.Contains("wrong length", shorter.Message, StringComparison.Ordinal);
    }

    private static BlendDiagnostics Diagnostics() => new(0, 0, double.NaN, double.NaN, "test");

    private static BlendModel RandomBlend(int seed)
    {
        var random = new Random(seed);
        var n = BlendSignals.Count;
        float Next() => (float)random.NextDouble();
        return new BlendModel([.. Enumerable.Range(0, n).Select(_ => Next())], [.. Enumerable.Range(0, n).Select(_ => 1f + Next())], [.. Enumerable.Range(0, BlendModel.Width).Select(_ => Next() - 0.5f)], 0f, learned: true, Diagnostics())
            .WithCalibration(0.75f, -1.5f);
    }

    private static byte[] Write(BlendModel blend)
    {
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "test");
        blend.Write(writer);
        writer.End();
        return stream.ToArray();
    }

    private static BlendModel Load(byte[] bytes) => BlendModel.Read(ModelReader.Read(new MemoryStream(bytes), "test"));

    /// <summary>A container holding one BLND version 2 chunk with these names and arrays.</summary>
    private static byte[] Chunk(string[] names, float[] means, float[] inverseStd, float[] weights)
    {
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, "test");
        var chunk = new ChunkWriter();
        chunk.WriteBoolean(true);
        chunk.WriteSingle(0f);
        chunk.WriteSingle(1f);
        chunk.WriteSingle(0f);
        chunk.WriteStrings(names);
        chunk.WriteSingles(means);
        chunk.WriteSingles(inverseStd);
        chunk.WriteSingles(weights);
        chunk.WriteInt32(1);
        chunk.WriteInt32(2);
        chunk.WriteDouble(0.5);
        chunk.WriteDouble(0.5);
        chunk.WriteString("another build");
        writer.WriteChunk("BLND", 2, chunk);
        writer.End();
        return stream.ToArray();
    }
}
