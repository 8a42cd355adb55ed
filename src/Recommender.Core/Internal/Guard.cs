namespace Recommender;

/// <summary>Argument checks that name the offending parameter or field.</summary>
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
