namespace Recommender.Postgres;

/// <summary>Runs an options type's error collector and throws once with every problem listed (a copy of Core's
/// internal one: Core opens its internals to no shipping package).</summary>
internal static class OptionsValidation
{
    public static void ThrowIfInvalid<T>(T options, Action<List<string>, string> collect)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        collect(errors, string.Empty);
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                $"Invalid {typeof(T).Name}: " + string.Join(" ", errors), typeof(T).Name);
        }
    }
}
