using System.Text.Json;

namespace Recommender.WebApi;

/// <summary>Enum values as the API writes them: camel case ("fallback", "noModel", "activated").</summary>
internal static class JsonNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
