using System.Globalization;
using System.Text;

namespace Recommender.Data;

/// <summary>Quotes file content in error messages: short, on one line, whatever the file holds.</summary>
internal static class DataFileText
{
    /// <summary>The most characters of a value an error message quotes.</summary>
    public const int ExcerptLength = 80;

    /// <summary>
    /// The value cut to <paramref name="maxLength"/> characters (then followed by "…"), with control characters
    /// written as escapes (<c>\n</c>, <c>\u0000</c>), so that a message stays one short line.
    /// </summary>
    public static string Excerpt(ReadOnlySpan<char> value, int maxLength = ExcerptLength)
    {
        var cut = value.Length > maxLength;
        var shown = cut ? value[..maxLength] : value;
        if (cut && char.IsHighSurrogate(shown[^1]))
        {
            shown = shown[..^1];
        }

        if (!cut && !HasControl(shown))
        {
            return shown.ToString();
        }

        var text = new StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            _ = c switch
            {
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return cut ? text.Append('…').ToString() : text.ToString();
    }

    /// <summary>The excerpt of one character.</summary>
    public static string Excerpt(char value) => Excerpt([value]);

    private static bool HasControl(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('\0', '\u001f') >= 0 || value.IndexOfAnyInRange('\u007f', '\u009f') >= 0;
}
