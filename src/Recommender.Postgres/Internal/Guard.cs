namespace Recommender.Postgres;

/// <summary>Argument checks that name the offending parameter or field (a copy of Core's internal one: Core opens
/// its internals to no shipping package).</summary>
internal static class Guard
{
    public static void NotNullOrEmpty(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{name} must not be null or empty.", name);
        }
    }
}
