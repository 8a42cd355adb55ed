using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Recommender.Serialization;

/// <summary>Writes one chunk's payload: little-endian primitives, length-prefixed strings and arrays.</summary>
internal sealed class ChunkWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBoolean(bool value)
    {
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    /// <summary>A UTF-8 string prefixed by its byte length (int32); null is written as length -1.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    /// <summary>A count (int32) followed by that many strings.</summary>
    public void WriteStrings(ReadOnlySpan<string> values)
    {
        WriteInt32(values.Length);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    /// <summary>A count (int32) followed by that many little-endian float32 values.</summary>
    public void WriteSingles(ReadOnlySpan<float> values)
    {
        WriteInt32(values.Length);
        WriteRaw(MemoryMarshal.AsBytes(values), sizeof(float));
    }

    /// <summary>A count (int32) followed by that many little-endian int32 values.</summary>
    public void WriteInt32s(ReadOnlySpan<int> values)
    {
        WriteInt32(values.Length);
        WriteRaw(MemoryMarshal.AsBytes(values), sizeof(int));
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes, int elementSize)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Model files are little-endian; big-endian hosts are not supported.");
        }

        const int Block = 1 << 20;
        while (!bytes.IsEmpty)
        {
            var n = Math.Min(bytes.Length, Block - (Block % elementSize));
            bytes[..n].CopyTo(_buffer.GetSpan(n));
            _buffer.Advance(n);
            bytes = bytes[n..];
        }
    }
}
