using System.Text.RegularExpressions;

namespace Recommender.Postgres;

/// <summary>
/// Validates and quotes the SQL identifiers that Recommender.Postgres puts into its statements (schema, table and
/// column names). Names are never taken from end users, but they come from configuration, so they are checked
/// against a strict pattern and always double-quoted: nothing but a plain name can reach the SQL text.
/// </summary>
internal static partial class PgIdentifier
{
    /// <summary>The pattern of the SDK's own schema name: lower case, as PostgreSQL folds unquoted names.</summary>
    public const string StrictPattern = "^[a-z_][a-z0-9_]{0,62}$";

    /// <summary>
    /// The pattern of the host's table and column names: letters of either case (Entity Framework creates
    /// "CreatedAt"), digits and underscores, at most 63 characters. Quoting keeps the case exactly.
    /// </summary>
    public const string HostPattern = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

    [GeneratedRegex(StrictPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Strict();

    [GeneratedRegex(HostPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Host();

    public static bool IsValidStrict(string? name) => name is not null && Strict().IsMatch(name);

    public static bool IsValidHost(string? name) => name is not null && Host().IsMatch(name);

    /// <summary>Adds an error when <paramref name="name"/> does not match <see cref="StrictPattern"/>.</summary>
    public static void CollectStrict(List<string> errors, string? name, string optionName)
    {
        if (!IsValidStrict(name))
        {
            errors.Add($"{optionName} must match {StrictPattern} (a lower-case PostgreSQL identifier of at most 63 characters), was {Describe(name)}.");
        }
    }

    /// <summary>Adds an error when <paramref name="name"/> does not match <see cref="HostPattern"/>.</summary>
    public static void CollectHost(List<string> errors, string? name, string optionName, bool optional = false)
    {
        if (optional && name is null)
        {
            return;
        }

        if (!IsValidHost(name))
        {
            errors.Add($"{optionName} must match {HostPattern} (a PostgreSQL identifier of at most 63 characters; it is quoted, so case matters), was {Describe(name)}.");
        }
    }

    /// <summary>Double-quotes an identifier that has been validated.</summary>
    public static string Quote(string name) => "\"" + name + "\"";

    /// <summary>A quoted, optionally schema-qualified table name.</summary>
    public static string Qualify(string? schema, string table) => schema is null ? Quote(table) : Quote(schema) + "." + Quote(table);

    private static string Describe(string? name) => name is null ? "null" : "'" + (name.Length > 80 ? name[..80] + "..." : name) + "'";
}
