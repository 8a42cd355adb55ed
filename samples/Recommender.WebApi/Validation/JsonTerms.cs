using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Recommender.WebApi.Validation;

/// <summary>
/// Request contracts in the words of their JSON, never .NET's: the type at a JSON path ("candidates[0].createdAt")
/// described as "a date and time string", "an array of strings"; the fields of an object. Read from the serializer's
/// own (source-generated) metadata, so names follow the naming policy.
/// </summary>
internal static partial class JsonTerms
{
    /// <summary>The .NET type found at <paramref name="path"/> (as System.Text.Json writes it: "$.a[0].b") inside <paramref name="root"/>; null when it cannot be followed.</summary>
    public static Type? TypeAt(Type root, string? path, JsonSerializerOptions options)
    {
        var type = root;
        foreach (Match segment in Segment().Matches(path ?? string.Empty))
        {
            var info = Info(type, options);
            if (info is null)
            {
                return null;
            }

            if (segment.Groups["index"].Success)
            {
                if (info.Kind != JsonTypeInfoKind.Enumerable || info.ElementType is null)
                {
                    return null;
                }

                type = info.ElementType;
                continue;
            }

            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            var property = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => p.Name == name) : null;
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return type;
    }

    /// <summary>"a string", "a whole number", "an array of strings", "an object with the fields id, createdAt, ...".</summary>
    public static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time string (ISO 8601, e.g. \"2026-01-01T12:00:00Z\")";
        }

        if (type == typeof(TimeSpan))
        {
            return "a duration string (\"d.hh:mm:ss\")";
        }

        var info = Info(type, options);
        return info?.Kind switch
        {
            JsonTypeInfoKind.Enumerable when info.ElementType is { } element => $"an array of {Plural(Describe(element, options))}",
            JsonTypeInfoKind.Object => $"an object with the fields {string.Join(", ", FieldsOf(type, options))}",
            JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of another kind",
        };
    }

    /// <summary>The JSON names of an object's fields, in order.</summary>
    public static IReadOnlyList<string> FieldsOf(Type type, JsonSerializerOptions options) =>
        Info(type, options) is { Kind: JsonTypeInfoKind.Object } info ? [.. info.Properties.Select(p => p.Name)] : [];

    /// <summary>"$.candidates[0].createdAt" as the field name of a validation problem: "candidates[0].createdAt"; "$" or nothing: "body".</summary>
    public static string FieldOf(string? path) => path switch
    {
        null or "" or "$" => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    /// <summary>Any .NET type name left in a message from a dependency, replaced (the last resort: messages are built above).</summary>
    public static string WithoutTypeNames(string message) => TypeName().Replace(message, "a value of another type");

    private static JsonTypeInfo? Info(Type type, JsonSerializerOptions options)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static string Plural(string description) => description switch
    {
        "a string" => "strings",
        "a whole number" => "whole numbers",
        "a number" => "numbers",
        "true or false" => "true or false values",
        _ when description.StartsWith("an object", StringComparison.Ordinal) => "objects" + description["an object".Length..],
        _ when description.StartsWith("a date and time string", StringComparison.Ordinal) => "date and time strings" + description["a date and time string".Length..],
        _ => description,
    };

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
    private static partial Regex Segment();

    [GeneratedRegex(@"\b(?:System|Microsoft|Recommender)\.[\w.`\[\],]*[\w\]]")]
    private static partial Regex TypeName();
}
