using Recommender.Data;
using Recommender.Serialization;

namespace Recommender.Collaborative;

public sealed partial class NmfModel
{
    /// <summary>The model kind written in the container header.</summary>
    internal const string Kind = "nmf";

    /// <summary>
    /// Writes the model in the versioned binary format of docs/model-format.md (container version 1, chunks
    /// NMFH, UIDS, PIDS, UFAC, PFAC, GRAM, SEEN, each with a CRC-32, and a whole-file CRC-32).
    /// </summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        var writer = ModelWriter.Begin(stream, Kind);
        WriteChunks(writer);
        writer.End();
    }

    /// <summary>Saves the model to a file, replacing it atomically (written to a temporary file, then moved).</summary>
    /// <param name="path">The file path.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            Save(file);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/> (any format version up to the current one).</summary>
    /// <param name="stream">A readable stream, positioned at the model.</param>
    /// <exception cref="ModelFormatException">The data is not an NMF model, is of a newer format, truncated or corrupt.</exception>
    public static NmfModel Load(Stream stream)
    {
        var reader = ModelReader.Read(stream, Kind);
        return ReadChunks(reader);
    }

    /// <summary>Reads a model file.</summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="ModelFormatException">The file is not an NMF model, is of a newer format, truncated or corrupt.</exception>
    public static NmfModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    internal void WriteChunks(ModelWriter writer)
    {
        var header = new ChunkWriter();
        header.WriteInt32(FactorCount);
        header.WriteInt32(Users.Count);
        header.WriteInt32(Posts.Count);
        header.WriteInt32((int)Summary.Objective);
        header.WriteInt32(Summary.RequestedFactors);
        header.WriteSingle(Summary.Regularization);
        header.WriteSingle(Summary.Alpha);
        header.WriteSingle(Summary.MeanWeight);
        header.WriteInt32(Summary.Seed);
        header.WriteInt32(Summary.Iterations);
        header.WriteBoolean(Summary.Converged);
        header.WriteInt64(Summary.Duration.Ticks);
        header.WriteInt64(Summary.NonZeros);
        header.WriteInt32(Summary.LossHistory.Count);
        foreach (var loss in Summary.LossHistory)
        {
            header.WriteDouble(loss);
        }

        writer.WriteChunk("NMFH", 1, header);
        var users = new ChunkWriter();
        users.WriteStrings(Users.AsSpan());
        writer.WriteChunk("UIDS", 1, users);
        var posts = new ChunkWriter();
        posts.WriteStrings(Posts.AsSpan());
        writer.WriteChunk("PIDS", 1, posts);
        var userFactors = new ChunkWriter();
        userFactors.WriteSingles(_userFactors);
        writer.WriteChunk("UFAC", 1, userFactors);
        var postFactors = new ChunkWriter();
        postFactors.WriteSingles(_postFactors);
        writer.WriteChunk("PFAC", 1, postFactors);
        var gram = new ChunkWriter();
        gram.WriteSingles(_postGram);
        writer.WriteChunk("GRAM", 1, gram);
        var seen = new ChunkWriter();
        seen.WriteInt32s(_seenPtr);
        seen.WriteInt32s(_seenIdx);
        writer.WriteChunk("SEEN", 1, seen);
    }

    internal static NmfModel ReadChunks(ModelReader reader)
    {
        var h = new ChunkReader(reader.Get("NMFH", 1, out _), "NMFH");
        var k = h.ReadInt32(1, NmfDefaults.MaxFactors, "the factor count");
        var userCount = h.ReadInt32(0, int.MaxValue, "the user count");
        var postCount = h.ReadInt32(0, int.MaxValue, "the post count");
        var objective = (NmfObjective)h.ReadInt32(0, 1, "the objective");
        var requested = h.ReadInt32(1, NmfDefaults.MaxFactors, "the requested factor count");
        var lambda = h.ReadSingle();
        var alpha = h.ReadSingle();
        var meanWeight = h.ReadSingle();
        var seed = h.ReadInt32();
        var iterations = h.ReadInt32(0, int.MaxValue, "the iteration count");
        var converged = h.ReadBoolean();
        var duration = h.ReadInt64();
        var nonZeros = h.ReadInt64();
        var historyCount = h.ReadInt32(0, h.Remaining / 8, "the loss history length");
        var history = new double[historyCount];
        for (var i = 0; i < historyCount; i++)
        {
            history[i] = h.ReadDouble();
        }

        h.ExpectEnd();
        if (!float.IsFinite(lambda) || lambda < 0 || !float.IsFinite(alpha) || alpha < 0 || duration < 0 || !float.IsFinite(meanWeight) || meanWeight <= 0)
        {
            throw h.Error("holds an invalid training parameter");
        }

        var users = ReadIds(reader, "UIDS", userCount);
        var posts = ReadIds(reader, "PIDS", postCount);
        var userFactors = ReadFactors(reader, "UFAC", (long)userCount * k);
        var postFactors = ReadFactors(reader, "PFAC", (long)postCount * k);
        var gram = ReadFloats(reader, "GRAM", (long)k * k);
        var s = new ChunkReader(reader.Get("SEEN", 1, out _), "SEEN");
        var seenPtr = s.ReadInt32s();
        var seenIdx = s.ReadInt32s();
        s.ExpectEnd();
        ValidateSeen(seenPtr, seenIdx, userCount, postCount);

        var summary = new NmfTrainingSummary
        {
            Objective = objective,
            RequestedFactors = requested,
            Regularization = lambda,
            Alpha = alpha,
            MeanWeight = meanWeight,
            Seed = seed,
            Iterations = iterations,
            Converged = converged,
            LossHistory = history,
            Duration = TimeSpan.FromTicks(duration),
            NonZeros = nonZeros,
        };

        return new NmfModel(users, posts, k, userFactors, postFactors, gram, seenPtr, seenIdx, summary);
    }

    private static IdIndex ReadIds(ModelReader reader, string tag, int expected)
    {
        var r = new ChunkReader(reader.Get(tag, 1, out _), tag);
        var ids = r.ReadStrings();
        r.ExpectEnd();
        if (ids.Length != expected)
        {
            throw r.Error($"holds {ids.Length} ids where the header declares {expected}");
        }

        try
        {
            return IdIndex.Create(ids);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"Chunk {tag} holds an empty or repeated id.", ex);
        }
    }

    private static float[] ReadFloats(ModelReader reader, string tag, long expected)
    {
        var r = new ChunkReader(reader.Get(tag, 1, out _), tag);
        var values = r.ReadSingles();
        r.ExpectEnd();
        if (values.Length != expected)
        {
            throw r.Error($"holds {values.Length} values where {expected} were expected");
        }

        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw r.Error("holds a value that is not finite");
            }
        }

        return values;
    }

    private static float[] ReadFactors(ModelReader reader, string tag, long expected)
    {
        var values = ReadFloats(reader, tag, expected);
        foreach (var v in values)
        {
            if (v < 0f)
            {
                throw new ModelFormatException($"Chunk {tag} holds a negative factor; NMF factors are never negative.");
            }
        }

        return values;
    }

    private static void ValidateSeen(int[] ptr, int[] idx, int users, int posts)
    {
        if (ptr.Length != users + 1 || ptr[0] != 0 || ptr[^1] != idx.Length)
        {
            throw new ModelFormatException("Chunk SEEN has row offsets that do not match the users.");
        }

        for (var u = 0; u < users; u++)
        {
            if (ptr[u + 1] < ptr[u])
            {
                throw new ModelFormatException("Chunk SEEN has decreasing row offsets.");
            }
        }

        foreach (var p in idx)
        {
            if ((uint)p >= (uint)posts)
            {
                throw new ModelFormatException("Chunk SEEN refers to a post that does not exist.");
            }
        }
    }
}
