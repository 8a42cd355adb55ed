using Recommender.Serialization;

namespace Recommender.Core.Tests.Serialization;

/// <summary>
/// Re-writes a model container chunk by chunk, replacing chosen payloads, with valid checksums: forged files that
/// only the format's validation (not the CRC) can reject. Chunks keep their version; the replaced one gets
/// <c>replacedVersion</c>.
/// </summary>
internal static class ContainerRewriter
{
    public static byte[] Rewrite(byte[] bytes, string kind, IReadOnlyList<string> tags, string replacedTag, Action<ChunkWriter> payload, ushort replacedVersion = 1)
    {
        var reader = ModelReader.Read(new MemoryStream(bytes), kind);
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, kind);
        foreach (var tag in tags)
        {
            var chunk = new ChunkWriter();
            var version = replacedVersion;
            if (tag == replacedTag)
            {
                payload(chunk);
            }
            else
            {
                foreach (var b in reader.Get(tag, ushort.MaxValue, out version))
                {
                    chunk.WriteByte(b);
                }
            }

            writer.WriteChunk(tag, version, chunk);
        }

        writer.End();
        return stream.ToArray();
    }
}
