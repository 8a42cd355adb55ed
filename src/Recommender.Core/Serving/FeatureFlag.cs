namespace Recommender.Serving;

/// <summary>
/// A feature flag: off, on for everyone, or on for a percentage of users. Users are bucketed by a stable hash of
/// the flag name and the user id, so a user stays in the same bucket across processes and restarts, and different
/// flags roll out to independent slices of users.
/// </summary>
/// <param name="Name">The flag's name (see <see cref="FeatureFlagNames"/>).</param>
/// <param name="Enabled">False turns the flag off for everyone.</param>
/// <param name="RolloutPercentage">When enabled, the share of users (0-100) for whom it is on.</param>
public sealed record FeatureFlag(string Name, bool Enabled, int RolloutPercentage = 100)
{
    /// <summary>
    /// Checks the flag as every flag provider does before storing it (a host's own <see cref="IFeatureFlagProvider"/>
    /// or admin endpoint can call it too).
    /// </summary>
    /// <exception cref="ArgumentException">The flag has no name or a rollout outside 0-100 (every problem listed).</exception>
    public void Validate()
    {
        var errors = new List<string>();
        CollectErrors(errors);
        if (errors.Count > 0)
        {
#pragma warning disable CA2208 // the flag is the argument of the provider's Set call that validates it
            throw new ArgumentException(string.Join(" ", errors), "flag");
#pragma warning restore CA2208
        }
    }

    /// <summary>A message for every invalid field.</summary>
    internal void CollectErrors(List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("A feature flag needs a name.");
        }

        if (RolloutPercentage is < 0 or > 100)
        {
            errors.Add($"Feature flag '{Name}': RolloutPercentage must be between 0 and 100, was {RolloutPercentage}.");
        }
    }
}
