using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Recommender.Serialization;

/// <summary>Writes a model container: header, chunks, end marker with a whole-file CRC-32.</summary>
internal sealed class ModelWriter
{
    private readonly Stream _stream;
    private readonly Crc32 _fileCrc = new();

    private ModelWriter(Stream stream) => _stream = stream;

    public static ModelWriter Begin(Stream stream, string kind)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        var writer = new ModelWriter(stream);
        Span<byte> header = stackalloc byte[12];
        ModelContainer.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], ModelContainer.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        writer.Write(header);
        var kindBytes = Encoding.UTF8.GetBytes(kind);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)kindBytes.Length);
        writer.Write(length);
        writer.Write(kindBytes);
        return writer;
    }

    public void WriteChunk(string tag, ushort version, ChunkWriter payload)
    {
        var data = payload.WrittenSpan;
        Span<byte> head = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(head, ModelContainer.Tag(tag));
        BinaryPrimitives.WriteUInt16LittleEndian(head[4..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(head[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(head[8..], data.Length);
        Write(head);
        Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(data));
        Write(crc);
    }

    public void End()
    {
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, ModelContainer.EndTag);
        var crc = _fileCrc.GetCurrentHashAsUInt32();
        BinaryPrimitives.WriteUInt32LittleEndian(tail[4..], crc);
        _stream.Write(tail);
        _stream.Flush();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _fileCrc.Append(bytes);
        _stream.Write(bytes);
    }
}
