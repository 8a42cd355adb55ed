using System.IO.Hashing;
using System.Text;

namespace Recommender;

/// <summary>
/// XxHash32 of strings' UTF-8 bytes: the same value in every process and on every platform (string.GetHashCode is
/// randomised per process). Used for rollout buckets, the random blend holdout and cross-fitting folds.
/// </summary>
internal static class StableHash
{
    /// <summary>The hash of <paramref name="first"/>, then <paramref name="separator"/> (when given), then <paramref name="second"/>.</summary>
    public static uint Of(string first, char? separator, string second, int seed)
    {
        var length = Encoding.UTF8.GetByteCount(first) + (separator is null ? 0 : 1) + Encoding.UTF8.GetByteCount(second);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(first, buffer);
        if (separator is { } s)
        {
            buffer[written++] = (byte)s;
        }

        Encoding.UTF8.GetBytes(second, buffer[written..]);
        return XxHash32.HashToUInt32(buffer, seed);
    }
}
