using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Postgres.Migrations;

/// <summary>
/// One versioned SQL script from <c>Migrations/NNNN_name.sql</c>, embedded in the assembly. <see cref="Checksum"/> is
/// the SHA-256 of the script as shipped (before the schema name is substituted), recorded when it is applied.
/// </summary>
internal sealed record Migration(int Version, string Name, string Script, string Checksum)
{
    /// <summary>The placeholder replaced by the quoted schema name.</summary>
    public const string SchemaPlaceholder = "{schema}";

    private const string ResourcePrefix = "Recommender.Postgres.Migrations.";

    /// <summary>Every migration shipped, by ascending version: 1, 2, 3, ... without gaps.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load(EmbeddedSql.Names(ResourcePrefix), EmbeddedSql.Read);

    /// <summary>The script with the schema substituted.</summary>
    public string ScriptFor(string quotedSchema) => Script.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal);

    /// <summary>Parses resource names like <c>Recommender.Postgres.Migrations.0001_initial.sql</c>.</summary>
    internal static Migration[] Load(IEnumerable<string> resourceNames, Func<string, string> read)
    {
        var list = new List<Migration>();
        foreach (var resource in resourceNames)
        {
            var file = resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resource[ResourcePrefix.Length..] : resource;
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore != 4 || !file.EndsWith(".sql", StringComparison.Ordinal)
                || !int.TryParse(file.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{file}' is not named NNNN_name.sql.");
            }

            var script = read(resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            list.Add(new Migration(version, file[(underscore + 1)..^4], script, checksum));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, ... without gaps or repeats; found {list[i].Version} at position {i + 1}.");
            }
        }

        return [.. list];
    }
}
