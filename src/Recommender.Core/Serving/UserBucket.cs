using System.IO.Hashing;
using System.Text;

namespace Recommender.Serving;

/// <summary>
/// Stable user bucketing for rollouts and A/B variants: XxHash32 (seed 0) of the UTF-8 bytes of
/// "<c>salt</c>:<c>userId</c>", modulo 100. The same user and salt give the same bucket in every process, on every
/// platform, forever (the function is part of the public contract).
/// </summary>
public static class UserBucket
{
    /// <summary>The bucket, 0-99, of a user for a salt (a flag name or an experiment name).</summary>
    /// <param name="salt">The flag or experiment name.</param>
    /// <param name="userId">The user id.</param>
    public static int Of(string salt, string userId)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(userId);
        var length = Encoding.UTF8.GetByteCount(salt) + 1 + Encoding.UTF8.GetByteCount(userId);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(salt, buffer);
        buffer[written++] = (byte)':';
        Encoding.UTF8.GetBytes(userId, buffer[written..]);
        return (int)(XxHash32.HashToUInt32(buffer) % 100);
    }

    /// <summary>True when a flag is on for a user: enabled and the user's bucket is below the rollout percentage.</summary>
    /// <param name="flag">The flag.</param>
    /// <param name="userId">The user id.</param>
    public static bool IsOn(FeatureFlag flag, string userId)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return flag.Enabled && (flag.RolloutPercentage >= 100 || (flag.RolloutPercentage > 0 && Of(flag.Name, userId) < flag.RolloutPercentage));
    }
}
