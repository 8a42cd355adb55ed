using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Recommender.Serialization;

/// <summary>
/// Reads a whole model container into memory, checking the magic, the format version, the model kind, every
/// chunk's CRC-32 and the whole-file CRC-32. Memory is allocated as bytes arrive, never from a declared length,
/// so a forged or truncated file fails with <see cref="ModelFormatException"/> rather than an out-of-memory.
/// </summary>
internal sealed class ModelReader
{
    private readonly Dictionary<uint, (ushort Version, byte[] Payload)> _chunks;

    private ModelReader(string kind, ushort formatVersion, Dictionary<uint, (ushort, byte[])> chunks)
    {
        Kind = kind;
        FormatVersion = formatVersion;
        _chunks = chunks;
    }

    public string Kind { get; }

    public ushort FormatVersion { get; }

    public static ModelReader Read(Stream stream, string expectedKind)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        var crc = new Crc32();
        Span<byte> header = stackalloc byte[14];
        ReadExactly(stream, header, crc, "the header");
        if (!header[..8].SequenceEqual(ModelContainer.Magic))
        {
            throw new ModelFormatException("This is not a Recommender model file (the magic bytes do not match).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version is 0 or > ModelContainer.FormatVersion)
        {
            throw new ModelFormatException($"The model file uses container format version {version}; this library reads versions 1 to {ModelContainer.FormatVersion}. Upgrade Recommender to read it.");
        }

        var kindLength = BinaryPrimitives.ReadUInt16LittleEndian(header[12..]);
        if (kindLength > ModelContainer.MaxKindLength)
        {
            throw new ModelFormatException($"The model kind name is {kindLength} bytes long; at most {ModelContainer.MaxKindLength} are allowed.");
        }

        var kindBytes = new byte[kindLength];
        ReadExactly(stream, kindBytes, crc, "the header");
        var kind = Encoding.UTF8.GetString(kindBytes);
        if (!string.Equals(kind, expectedKind, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"The file holds a '{kind}' model, not a '{expectedKind}' model.");
        }

        var chunks = new Dictionary<uint, (ushort, byte[])>();
        Span<byte> head = stackalloc byte[16];
        Span<byte> word = stackalloc byte[4];
        while (true)
        {
            var expectedFileCrc = crc.GetCurrentHashAsUInt32();
            ReadExactly(stream, head[..4], crc, "a chunk header");
            var tag = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (tag == ModelContainer.EndTag)
            {
                ReadExactly(stream, word, crc, "the end marker");
                if (BinaryPrimitives.ReadUInt32LittleEndian(word) != expectedFileCrc)
                {
                    throw new ModelFormatException("The model file's checksum does not match its contents: the file is corrupt.");
                }

                return new ModelReader(kind, version, chunks);
            }

            var name = ModelContainer.TagName(tag);
            ReadExactly(stream, head[4..], crc, $"the header of chunk {name}");
            var chunkVersion = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
            var length = BinaryPrimitives.ReadInt64LittleEndian(head[8..]);
            if (length < 0 || length > ModelContainer.MaxChunkLength)
            {
                throw new ModelFormatException($"Chunk {name} declares an impossible length of {length} bytes.");
            }

            var payload = ReadPayload(stream, (int)length, crc, name);
            ReadExactly(stream, word, crc, $"the checksum of chunk {name}");
            if (BinaryPrimitives.ReadUInt32LittleEndian(word) != Crc32.HashToUInt32(payload))
            {
                throw new ModelFormatException($"Chunk {name}'s checksum does not match its contents: the file is corrupt.");
            }

            if (!chunks.TryAdd(tag, (chunkVersion, payload)))
            {
                throw new ModelFormatException($"Chunk {name} appears twice.");
            }
        }
    }

    public bool Has(string tag) => _chunks.ContainsKey(ModelContainer.Tag(tag));

    /// <summary>The payload of a required chunk, checking its version is one this code reads.</summary>
    public byte[] Get(string tag, ushort maxVersion, out ushort version)
    {
        if (!_chunks.TryGetValue(ModelContainer.Tag(tag), out var chunk))
        {
            throw new ModelFormatException($"The model file has no {tag} chunk.");
        }

        if (chunk.Version == 0 || chunk.Version > maxVersion)
        {
            throw new ModelFormatException($"Chunk {tag} has version {chunk.Version}; this library reads versions 1 to {maxVersion}.");
        }

        version = chunk.Version;
        return chunk.Payload;
    }

    private static byte[] ReadPayload(Stream stream, int length, Crc32 crc, string name)
    {
        var buffer = new byte[Math.Min(length, ModelContainer.ReadBlock)];
        var filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, (long)buffer.Length * 2));
            }

            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
            {
                throw new ModelFormatException($"The model file is truncated: chunk {name} declares {length} bytes but only {filled} follow.");
            }

            filled += n;
        }

        crc.Append(buffer);
        return buffer;
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, Crc32 crc, string what)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var n = stream.Read(destination[filled..]);
            if (n == 0)
            {
                throw new ModelFormatException($"The model file is truncated: it ends inside {what}.");
            }

            filled += n;
        }

        crc.Append(destination);
    }
}
