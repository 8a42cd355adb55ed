using System.Globalization;
using System.Text.Json;
using Recommender.Postgres.Registry;

namespace Recommender.Postgres.Configuration;

/// <summary>
/// Turns <c>system_config</c> rows into configuration key/value pairs the way the JSON configuration provider reads
/// a file: the row's key is the path (<c>Recommender:Ranking:FreshnessWeight</c>); an object value adds its
/// properties below that path, an array its elements as <c>:0</c>, <c>:1</c>...; strings as they are, numbers as their
/// JSON text (invariant), booleans as <c>True</c>/<c>False</c>, null and empty objects or arrays as null. Keys are
/// case-insensitive; when two rows give the same key, the row whose key sorts last (ordinal) wins.
/// </summary>
internal static class SystemConfigFlattener
{
    public static Dictionary<string, string?> Flatten(IEnumerable<SystemConfigRecord> rows)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            using var document = JsonDocument.Parse(row.ValueJson);
            Visit(data, row.Key, document.RootElement);
        }

        return data;
    }

    private static void Visit(Dictionary<string, string?> data, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    Visit(data, Child(path, property.Name), property.Value);
                }

                if (!any)
                {
                    data[path] = null;
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(data, Child(path, index.ToString(CultureInfo.InvariantCulture)), item);
                    index++;
                }

                if (index == 0)
                {
                    data[path] = null;
                }

                break;
            case JsonValueKind.String:
                data[path] = element.GetString();
                break;
            case JsonValueKind.Number:
                data[path] = element.GetRawText();
                break;
            case JsonValueKind.True:
                data[path] = bool.TrueString;
                break;
            case JsonValueKind.False:
                data[path] = bool.FalseString;
                break;
            default:
                data[path] = null;
                break;
        }
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + ConfigurationPathDelimiter + name;

    private const string ConfigurationPathDelimiter = ":";
}
