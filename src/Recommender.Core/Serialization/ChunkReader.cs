using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Recommender.Serialization;

/// <summary>
/// Reads one chunk's payload with bounds checks: every read past the end, negative count or count larger than the
/// remaining bytes could hold throws <see cref="ModelFormatException"/> naming the chunk, never allocates from a forged length.
/// </summary>
internal ref struct ChunkReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _chunk;
    private int _position;

    public ChunkReader(ReadOnlySpan<byte> data, string chunk)
    {
        _data = data;
        _chunk = chunk;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var b => throw Error($"holds {b} where a boolean (0 or 1) was expected"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads an int32 and checks it lies in [min, max].</summary>
    public int ReadInt32(int min, int max, string what)
    {
        var value = ReadInt32();
        if (value < min || value > max)
        {
            throw Error($"has {what} = {value}, outside [{min}, {max}]");
        }

        return value;
    }

    public string? ReadString()
    {
        var length = ReadInt32();
        if (length == -1)
        {
            return null;
        }

        if (length < 0 || length > Remaining)
        {
            throw Error($"has a string of {length} bytes with {Remaining} bytes left");
        }

        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelFormatException($"Chunk {_chunk} holds a string that is not valid UTF-8.", ex);
        }
    }

    public string ReadRequiredString(string what) =>
        ReadString() ?? throw Error($"has no {what}");

    public string[] ReadStrings()
    {
        // Each string takes at least its 4-byte length prefix, which bounds the count by the remaining bytes.
        var count = ReadCount(4);
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadString() ?? throw Error("holds a null id");
        }

        return values;
    }

    public float[] ReadSingles()
    {
        var count = ReadCount(sizeof(float));
        var values = new float[count];
        Take(count * sizeof(float)).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public int[] ReadInt32s()
    {
        var count = ReadCount(sizeof(int));
        var values = new int[count];
        Take(count * sizeof(int)).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Throws unless the payload has been read exactly to its end.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw Error($"has {Remaining} unexpected trailing bytes");
        }
    }

    public readonly ModelFormatException Error(string problem) => new($"Chunk {_chunk} {problem}.");

    private int ReadCount(int minBytesEach)
    {
        var count = ReadInt32();
        if (count < 0 || (long)count * minBytesEach > Remaining)
        {
            throw Error($"declares {count} elements but only {Remaining} bytes remain");
        }

        return count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Error($"ends early: {count} bytes needed, {Remaining} left");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
