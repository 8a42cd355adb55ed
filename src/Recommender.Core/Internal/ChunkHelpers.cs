using Recommender.Data;
using Recommender.Serialization;

namespace Recommender;

/// <summary>Reading and validation helpers shared by the chunk formats of the content model and the feature store.</summary>
internal static class ChunkHelpers
{
    public static void WriteIds(ModelWriter writer, string tag, IdIndex ids)
    {
        var chunk = new ChunkWriter();
        chunk.WriteStrings(ids.AsSpan());
        writer.WriteChunk(tag, 1, chunk);
    }

    public static IdIndex ReadIds(ModelReader reader, string tag, int expected)
    {
        var r = new ChunkReader(reader.Get(tag, 1, out _), tag);
        var ids = r.ReadStrings();
        r.ExpectEnd();
        if (expected >= 0 && ids.Length != expected)
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

    /// <summary>Checks compressed-row offsets: rows + 1 entries, from 0, never decreasing, ending at <paramref name="length"/>.</summary>
    public static void ValidateOffsets(ReadOnlySpan<int> ptr, int rows, int length, string tag)
    {
        if (ptr.Length != rows + 1 || ptr[0] != 0 || ptr[^1] != length)
        {
            throw new ModelFormatException($"Chunk {tag} has row offsets that do not match its rows.");
        }

        for (var r = 0; r < rows; r++)
        {
            if (ptr[r + 1] < ptr[r])
            {
                throw new ModelFormatException($"Chunk {tag} has decreasing row offsets.");
            }
        }
    }

    /// <summary>Checks every index lies in [0, count) and, when asked, that each row is strictly ascending.</summary>
    public static void ValidateIndices(ReadOnlySpan<int> ptr, ReadOnlySpan<int> indices, int count, bool ascending, string tag)
    {
        for (var r = 0; r < ptr.Length - 1; r++)
        {
            for (var k = ptr[r]; k < ptr[r + 1]; k++)
            {
                if ((uint)indices[k] >= (uint)count)
                {
                    throw new ModelFormatException($"Chunk {tag} refers to an index {indices[k]} outside [0, {count}).");
                }

                if (ascending && k > ptr[r] && indices[k] <= indices[k - 1])
                {
                    throw new ModelFormatException($"Chunk {tag} has a row whose indices are not strictly ascending.");
                }
            }
        }
    }

    /// <summary>Checks every value is finite and within [min, max].</summary>
    public static void ValidateRange(ReadOnlySpan<float> values, float min, float max, string tag, string what)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v) || v < min || v > max)
            {
                throw new ModelFormatException($"Chunk {tag} holds {what} {v} outside [{min}, {max}].");
            }
        }
    }

    public static void ValidateNonNegative(ReadOnlySpan<int> values, string tag, string what)
    {
        foreach (var v in values)
        {
            if (v < 0)
            {
                throw new ModelFormatException($"Chunk {tag} holds a negative {what}.");
            }
        }
    }

    public static void ExpectLength(int actual, long expected, string tag, string what)
    {
        if (actual != expected)
        {
            throw new ModelFormatException($"Chunk {tag} holds {actual} {what} where {expected} were expected.");
        }
    }
}

/// <summary>64-bit arrays for chunk payloads (the base writer has 32-bit ones only).</summary>
internal static class ChunkInt64
{
    public static void Write(ChunkWriter writer, ReadOnlySpan<long> values)
    {
        writer.WriteInt32(values.Length);
        foreach (var v in values)
        {
            writer.WriteInt64(v);
        }
    }

    public static long[] Read(ref ChunkReader reader)
    {
        var count = reader.ReadInt32(0, reader.Remaining / sizeof(long), "an int64 array length");
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadInt64();
        }

        return values;
    }
}
