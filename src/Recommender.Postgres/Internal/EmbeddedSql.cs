namespace Recommender.Postgres;

/// <summary>Reads SQL scripts embedded in this assembly.</summary>
internal static class EmbeddedSql
{
    /// <summary>The names of the embedded resources starting with <paramref name="prefix"/>, ordinal order.</summary>
    public static string[] Names(string prefix)
    {
        var names = typeof(EmbeddedSql).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>The text of an embedded script, with line endings normalised to '\n'.</summary>
    public static string Read(string resourceName)
    {
        using var stream = typeof(EmbeddedSql).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded script '{resourceName}' is missing from {typeof(EmbeddedSql).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
