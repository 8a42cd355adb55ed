using System.Collections.Concurrent;

namespace Recommender.Serving;

/// <summary>Flags held in memory, changeable at run time. Thread-safe.</summary>
public sealed class InMemoryFeatureFlagProvider : IFeatureFlagProvider
{
    private readonly ConcurrentDictionary<string, FeatureFlag> _flags = new(StringComparer.Ordinal);

    /// <summary>Creates a provider holding the given flags.</summary>
    /// <param name="flags">Initial flags.</param>
    public InMemoryFeatureFlagProvider(params IEnumerable<FeatureFlag> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        foreach (var flag in flags)
        {
            Set(flag);
        }
    }

    /// <summary>Adds or replaces a flag.</summary>
    /// <param name="flag">The flag.</param>
    /// <exception cref="ArgumentException">The flag has no name or a rollout outside 0-100.</exception>
    public void Set(FeatureFlag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        flag.Validate();

        _flags[flag.Name] = flag;
    }

    /// <summary>Removes a flag; the recommender's default applies again.</summary>
    /// <param name="name">The flag name.</param>
    public bool Remove(string name) => _flags.TryRemove(name, out _);

    /// <inheritdoc />
    public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_flags.TryGetValue(name, out var flag) ? flag : null);
}
