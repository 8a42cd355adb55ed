namespace Recommender.Serving;

/// <summary>Where feature flags come from. <see cref="InMemoryFeatureFlagProvider"/> is the default; Recommender.Postgres reads a table.</summary>
public interface IFeatureFlagProvider
{
    /// <summary>The flag of that name, or null when it is not defined (the recommender then uses its configured default).</summary>
    /// <param name="name">The flag name.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default);
}
