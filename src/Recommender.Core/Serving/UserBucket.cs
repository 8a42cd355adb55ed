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
        return (int)(StableHash.Of(salt, ':', userId, seed: 0) % 100);
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
