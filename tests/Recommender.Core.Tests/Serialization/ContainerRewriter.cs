using Recommender.Serialization;

namespace Recommender.Core.Tests.Serialization;

/// <summary>
/// Re-writes a model container chunk by chunk, replacing chosen payloads, with valid checksums: forged files that
/// only the format's validation (not the CRC) can reject.
/// </summary>
internal static class ContainerRewriter
{
    public static byte[] Rewrite(byte[] bytes, string kind, IReadOnlyList<string> tags, string replacedTag, Action<ChunkWriter> payload)
    {
        var reader = ModelReader.Read(new MemoryStream(bytes), kind);
        using var stream = new MemoryStream();
        var writer = ModelWriter.Begin(stream, kind);
        foreach (var tag in tags)
        {
            var chunk = new ChunkWriter();
            if (tag == replacedTag)
            {
                payload(chunk);
            }
            else
            {
                foreach (var b in reader.Get(tag, ushort.MaxValue, out _))
                {
                    chunk.WriteByte(b);
                }
            }

            writer.WriteChunk(tag, 1, chunk);
        }

        writer.End();
        return stream.ToArray();
    }
}
