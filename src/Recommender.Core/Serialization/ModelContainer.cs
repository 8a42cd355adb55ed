namespace Recommender.Serialization;

/// <summary>
/// Constants of the model container format (docs/model-format.md). A file is a header followed by chunks;
/// every chunk carries a four-character tag, its own version, its length and a CRC-32 of its payload.
/// </summary>
internal static class ModelContainer
{
    /// <summary>"RCMDMODL" in ASCII: identifies a Recommender model file.</summary>
    public static ReadOnlySpan<byte> Magic => "RCMDMODL"u8;

    /// <summary>The container layout version this code writes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The tag of the end marker chunk, whose payload is the CRC-32 of all preceding bytes.</summary>
    public const uint EndTag = 0x21444E45; // "END!"

    /// <summary>Header: magic (8) + format version (2) + flags (2) + model kind length (2) ... see docs.</summary>
    public const int MaxKindLength = 64;

    /// <summary>Chunks are read in pieces of at most this size, so a forged length cannot allocate more than the data.</summary>
    public const int ReadBlock = 1 << 20;

    /// <summary>A chunk larger than this is rejected (2 GiB minus headroom: one array).</summary>
    public const long MaxChunkLength = int.MaxValue - 4096;

    public static uint Tag(string fourChars)
    {
        if (fourChars.Length != 4)
        {
            throw new ArgumentException("A chunk tag has four ASCII characters.", nameof(fourChars));
        }

        return fourChars[0] | ((uint)fourChars[1] << 8) | ((uint)fourChars[2] << 16) | ((uint)fourChars[3] << 24);
    }

    public static string TagName(uint tag) => string.Create(4, tag, static (span, t) =>
    {
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((t >> (8 * i)) & 0xFF);
            span[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });
}
