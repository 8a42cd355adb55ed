using System.Globalization;

namespace Recommender.Data;

/// <summary>Parses field values; every failure is a <see cref="DataFileException"/> naming the file and line.</summary>
internal static class FieldParser
{
    private static readonly EngagementKind[] Kinds = Enum.GetValues<EngagementKind>();
    private static readonly string[] KindNames = Enum.GetNames<EngagementKind>();
    private static readonly string KnownKinds = string.Join(", ", KindNames).ToLowerInvariant();

    /// <summary>
    /// A non-empty id (whitespace-only counts as empty) on one line and valid UTF-8. An invalid byte decodes to
    /// U+FFFD and every line break inside a quoted field reads as "\n", so ids differing only there would read as one
    /// id: such a row is rejected instead.
    /// </summary>
    public static string Id(DelimitedRecordReader record, int field, string column, StringPool pool)
    {
        var value = record[field];
        if (value.IsWhiteSpace())
        {
            throw record.Error($"empty {column}");
        }

        return pool.Get(RequireValidText(record, value, column));
    }

    /// <summary>An id as <see cref="Id"/>, or null when the field is empty or blank.</summary>
    public static string? OptionalId(DelimitedRecordReader record, int field, string column, StringPool pool)
    {
        var value = record[field];
        return value.IsWhiteSpace() ? null : pool.Get(RequireValidText(record, value, column));
    }

    /// <summary>Unix seconds (whole or fractional) or ISO-8601; an empty value is <paramref name="missing"/>.</summary>
    public static DateTimeOffset Timestamp(DelimitedRecordReader record, int field, string column, DateTimeOffset missing)
    {
        var value = record[field].Trim();
        if (value.IsEmpty)
        {
            return missing;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds is >= MinUnixSeconds and <= MaxUnixSeconds)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        else if (double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fractional))
        {
            if (fractional is >= MinUnixSeconds and <= MaxUnixSeconds)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(fractional * 1000.0));
            }
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        throw record.Error($"{column} '{DataFileText.Excerpt(value)}' is not a timestamp (expected unix seconds or ISO-8601)");
    }

    /// <summary>A finite number; an empty value is null.</summary>
    public static float? Number(DelimitedRecordReader record, int field, string column)
    {
        var value = record[field].Trim();
        if (value.IsEmpty)
        {
            return null;
        }

        if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite(number))
        {
            return number;
        }

        throw record.Error($"{column} '{DataFileText.Excerpt(value)}' is not a finite number");
    }

    /// <summary>An <see cref="EngagementKind"/> by name, case-insensitively; an empty value is a view.</summary>
    public static EngagementKind Kind(DelimitedRecordReader record, int field, string column)
    {
        var value = record[field].Trim();
        if (value.IsEmpty)
        {
            return EngagementKind.View;
        }

        for (var i = 0; i < KindNames.Length; i++)
        {
            if (value.Equals(KindNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return Kinds[i];
            }
        }

        throw record.Error($"unknown {column} '{DataFileText.Excerpt(value)}' (known: {KnownKinds})");
    }

    /// <summary>Throws unless the record has exactly <paramref name="expected"/> fields.</summary>
    public static void RequireFieldCount(DelimitedRecordReader record, int expected)
    {
        if (record.FieldCount < expected)
        {
            throw record.Error($"too few fields: expected {expected}, found {record.FieldCount}");
        }

        if (record.FieldCount > expected)
        {
            throw record.Error($"too many fields: expected {expected}, found {record.FieldCount} (a field holding the separator must be quoted)");
        }
    }

    private static ReadOnlySpan<char> RequireValidText(DelimitedRecordReader record, ReadOnlySpan<char> value, string column)
    {
        var at = value.IndexOfAny('\uFFFD', '\n');
        if (at >= 0)
        {
            throw record.Error(value[at] == '\n'
                ? $"{column} '{DataFileText.Excerpt(value)}' holds a line break: ids are one line"
                : $"{column} '{DataFileText.Excerpt(value)}' holds U+FFFD, which is what bytes that are not valid UTF-8 decode to: ids must be valid UTF-8, or distinct ids would merge");
        }

        return value;
    }

    /// <summary>-62135596800: 0001-01-01T00:00:00Z.</summary>
    private const long MinUnixSeconds = -62_135_596_800;

    /// <summary>253402300799: 9999-12-31T23:59:59Z.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;
}
