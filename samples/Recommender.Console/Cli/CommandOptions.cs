using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// The console's options as System.CommandLine options: a value name and a default for --help, and a parser whose
/// errors name the option and say what it takes ("--users must be a whole number from 10 to 1000000, was 'abc'").
/// A value that looks like an option ("--train --test x") is refused: the value was forgotten.
/// </summary>
public static class CommandOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Int(string name, string description, int fallback, int min, int max, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => ValueOf(r, name) is not { } text ? fallback
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : Fail(r, $"{name} must be a whole number from {min} to {max}, was '{text}'", fallback),
    };

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/> (both excluded when <paramref name="exclusive"/>).</summary>
    public static Option<double> Double(string name, string description, double fallback, double min, double max, bool exclusive = false, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            if (ValueOf(r, name) is not { } text)
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                && value >= min && value <= max && !(exclusive && (value == min || value == max)))
            {
                return value;
            }

            var range = exclusive
                ? string.Create(CultureInfo.InvariantCulture, $"strictly between {min} and {max}")
                : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}");
            return Fail(r, $"{name} must be a number {range}, was '{text}'", fallback);
        },
    };

    /// <summary>A moment given as unix seconds; null when absent.</summary>
    public static Option<DateTimeOffset?> UnixTime(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "UNIX",
        CustomParser = r => ValueOf(r, name) is not { } text ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && seconds >= -62_135_596_800 && seconds <= 253_402_300_799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : Fail<DateTimeOffset?>(r, $"{name} must be a moment in unix seconds (e.g. 1700000000), was '{text}'", null),
    };

    /// <summary>One of <paramref name="choices"/>, any case; the value is lower case.</summary>
    public static Option<string> Choice(string name, string description, string fallback, params string[] choices) => new(name)
    {
        Description = description,
        HelpName = string.Join('|', choices),
        DefaultValueFactory = _ => fallback,
        CustomParser = r => ValueOf(r, name) is not { } text ? fallback
            : choices.Contains(text, StringComparer.OrdinalIgnoreCase) ? text.ToLowerInvariant()
            : Fail(r, $"{name} must be one of {string.Join(", ", choices)}, was '{text}'", fallback),
    };

    /// <summary>Any text; null when absent.</summary>
    public static Option<string?> Text(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => ValueOf(r, name),
    };

    /// <summary>The path of a file that must exist; null when absent.</summary>
    public static Option<string?> ExistingFile(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "FILE",
        CustomParser = r => ValueOf(r, name) is not { } path ? null
            : File.Exists(path) ? path
            : Fail<string?>(r, $"{name}: file not found: {path}{FromWhere(path)}", null),
    };

    /// <summary>An option without a value (<c>--verbose</c>); <c>--verbose true</c> and <c>--verbose false</c> work too.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>" (relative paths start from the current folder, ...)" for a relative path, else nothing.</summary>
    public static string FromWhere(string path) =>
        Path.IsPathRooted(path) ? string.Empty : $" (a relative path starts from the current folder, {Environment.CurrentDirectory})";

    /// <summary>The option's value, or null (with an error) when the value is missing or is another option.</summary>
    private static string? ValueOf(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (text.StartsWith("--", StringComparison.Ordinal) && text.Length > 2)
        {
            result.AddError($"option '{name}' needs a value (found the option '{text}' instead)");
            return null;
        }

        return text;
    }

    private static T Fail<T>(ArgumentResult result, string message, T fallback)
    {
        result.AddError(message);
        return fallback;
    }
}
