using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Postgres.Registry;

/// <summary>
/// The jsonb form of <see cref="Training.ModelVersionInfo.Parameters"/> (an object of strings) and
/// <see cref="Training.ModelVersionInfo.Metrics"/> (an object of numbers; NaN and infinities, which JSON lacks, as
/// the strings "NaN", "Infinity", "-Infinity"). Written and read without reflection.
/// </summary>
internal static class ModelVersionJson
{
    public static string WriteParameters(IReadOnlyDictionary<string, string>? parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteMetrics(IReadOnlyDictionary<string, double>? metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metrics ?? new Dictionary<string, double>())
            {
                if (double.IsFinite(value))
                {
                    writer.WriteNumber(key, value);
                }
                else
                {
                    writer.WriteString(key, value.ToString(CultureInfo.InvariantCulture));
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an object of strings; other values (an admin's edit) become their JSON text.</summary>
    public static Dictionary<string, string> ReadParameters(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return result;
    }

    /// <summary>Reads an object of numbers; values that are not numbers (nor NaN or an infinity) are left out.</summary>
    public static Dictionary<string, double> ReadMetrics(string json)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
                {
                    result[property.Name] = number;
                }
                else if (value.ValueKind == JsonValueKind.String
                    && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var special)
                    && !double.IsFinite(special))
                {
                    result[property.Name] = special;
                }
            }
        }

        return result;
    }
}
