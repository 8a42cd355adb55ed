using Recommender.Serialization;

namespace Recommender.Ranking;

internal sealed partial class BlendModel
{
    /// <summary>Blend layout 1: the first release's ten signals, by position (<c>BLND</c> version 1).</summary>
    public const int FirstLayout = 1;

    /// <summary>Blend layout 2: those ten and co-engagement, by position (<c>BLND</c> version 1 with eleven entries).</summary>
    public const int CoEngagementLayout = 2;

    /// <summary>Blend layout 3: the signals stored by name (<c>BLND</c> version 2); every signal added since has this layout.</summary>
    public const int NamedLayout = 3;

    private const string Tag = "BLND";

    /// <summary>
    /// Writes the <c>BLND</c> chunk, version 2: learned, bias, calibration, the signal names, then their means, 1/std
    /// and the three weight blocks in the order of the names, then the diagnostics (docs/model-format.md).
    /// </summary>
    internal void Write(ModelWriter writer)
    {
        var chunk = new ChunkWriter();
        chunk.WriteBoolean(Learned);
        chunk.WriteSingle(Bias);
        chunk.WriteSingle(ScoreScale);
        chunk.WriteSingle(ScoreOffset);
        chunk.WriteStrings([.. BlendSignals.All.Select(s => s.Name)]);
        chunk.WriteSingles(_means);
        chunk.WriteSingles(_inverseStd);
        chunk.WriteSingles(_weights);
        Diagnostics.Write(chunk);
        writer.WriteChunk(Tag, 2, chunk);
    }

    /// <summary>
    /// Reads a <c>BLND</c> chunk of either version. Signals are matched by name (version 1 files hold the signals of
    /// layout 1 or 2 by position); a signal this build knows but the file lacks gets weight 0 (it counts as average,
    /// as a missing signal does); a name this build does not know is rejected: the model needs a newer Recommender.
    /// </summary>
    internal static BlendModel Read(ModelReader reader)
    {
        var r = new ChunkReader(reader.Get(Tag, 2, out var version), Tag);
        var learned = r.ReadBoolean();
        var bias = r.ReadSingle();
        var scale = r.ReadSingle();
        var offset = r.ReadSingle();
        var names = version >= 2 ? r.ReadStrings() : null;
        var means = r.ReadSingles();
        var inverseStd = r.ReadSingles();
        var weights = r.ReadSingles();
        var diagnostics = BlendDiagnostics.Read(ref r);
        r.ExpectEnd();
        names ??= PositionalNames(means.Length);
        if (names is null || means.Length != names.Length || inverseStd.Length != names.Length || weights.Length != 3 * names.Length)
        {
            throw r.Error("has arrays of the wrong length");
        }

        if (!(scale > 0f) || !float.IsFinite(scale) || !float.IsFinite(offset))
        {
            throw r.Error("holds an invalid score calibration");
        }

        if (!float.IsFinite(bias) || !AllFinite(means) || !AllFinite(inverseStd) || !AllFinite(weights))
        {
            throw r.Error("holds a value that is not finite");
        }

        var (m, s, w) = ByName(names, means, inverseStd, weights, r);
        return new BlendModel(m, s, w, bias, learned, diagnostics) { ScoreScale = scale, ScoreOffset = offset };
    }

    /// <summary>The signals a version 1 chunk of <paramref name="count"/> entries holds: those of layout 1 or 2, in table order; null for another count.</summary>
    private static string[]? PositionalNames(int count)
    {
        foreach (var layout in new[] { FirstLayout, CoEngagementLayout })
        {
            var names = BlendSignals.All.Where(s => s.Since <= layout).Select(s => s.Name).ToArray();
            if (names.Length == count)
            {
                return names;
            }
        }

        return null;
    }

    /// <summary>The file's arrays in table order; the table's signals the file does not name get mean 0, 1/std 1 and weight 0.</summary>
    private static (float[] Means, float[] InverseStd, float[] Weights) ByName(string[] names, float[] means, float[] inverseStd, float[] weights, in ChunkReader r)
    {
        var n = BlendSignals.Count;
        var tableMeans = new float[n];
        var tableInverseStd = new float[n];
        var tableWeights = new float[Width];
        Array.Fill(tableInverseStd, 1f);
        var seen = new bool[n];
        for (var j = 0; j < names.Length; j++)
        {
            var s = BlendSignals.IndexOf(names[j]);
            if (s < 0)
            {
                throw r.Error($"uses the blend signal '{names[j]}', which this version of Recommender does not know: upgrade Recommender to load this model");
            }

            if (seen[s])
            {
                throw r.Error($"names the blend signal '{names[j]}' twice");
            }

            seen[s] = true;
            tableMeans[s] = means[j];
            tableInverseStd[s] = inverseStd[j];
            for (var block = 0; block < 3; block++)
            {
                tableWeights[(block * n) + s] = weights[(block * names.Length) + j];
            }
        }

        return (tableMeans, tableInverseStd, tableWeights);
    }

    private static bool AllFinite(float[] values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
