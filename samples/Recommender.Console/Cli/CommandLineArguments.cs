using System.Globalization;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// The options of one command: <c>--name value</c> or <c>--name=value</c>, each at most once, only the names the
/// command knows. Every problem is a <see cref="UsageException"/> naming the option.
/// </summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLineArguments(string command) => Command = command;

    public string Command { get; }

    public bool Help { get; private set; }

    /// <summary>Parses the arguments of a command.</summary>
    /// <param name="command">The command's name, for messages.</param>
    /// <param name="args">The arguments after the command's name.</param>
    /// <param name="known">The options that take a value.</param>
    /// <param name="flags">The options that take none (<c>--create-sample</c>).</param>
    public static CommandLineArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? flags = null)
    {
        flags ??= [];
        var parsed = new CommandLineArguments(command);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                parsed.Help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' (options look like --name value; see '{command} --help')");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"option '--{name}' takes no value");
                }

                if (!parsed._flags.Add(name))
                {
                    throw new UsageException($"option '--{name}' is given twice");
                }

                continue;
            }

            if (!known.Contains(name))
            {
                throw new UsageException($"unknown option '--{name}' for '{command}' (known: {string.Join(", ", known.Concat(flags).Select(k => "--" + k))})");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    throw new UsageException($"option '--{name}' needs a value");
                }

                value = args[++i];
            }

            if (!parsed._values.TryAdd(name, value))
            {
                throw new UsageException($"option '--{name}' is given twice");
            }
        }

        return parsed;
    }

    public string? GetString(string name) => _values.GetValueOrDefault(name);

    /// <summary>True when the flag (an option without a value) was given.</summary>
    public bool HasFlag(string name) => _flags.Contains(name);

    public string GetRequiredString(string name) =>
        GetString(name) ?? throw new UsageException($"'{Command}' needs --{name}");

    /// <summary>A path that must name an existing file.</summary>
    public string? GetExistingFile(string name)
    {
        var path = GetString(name);
        if (path is not null && !File.Exists(path))
        {
            throw new UsageException($"--{name}: file not found: {path}");
        }

        return path;
    }

    public int GetInt(string name, int fallback, int min, int max)
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, was '{text}'");
        }

        return value;
    }

    public double GetDouble(string name, double fallback, double min, double max, bool exclusive = false)
    {
        var text = GetString(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || value < min || value > max || (exclusive && (value == min || value == max)))
        {
            var range = exclusive ? $"strictly between {min} and {max}" : $"from {min} to {max}";
            throw new UsageException($"--{name} must be a number {range}, was '{text}'");
        }

        return value;
    }

    /// <summary>A moment given as unix seconds.</summary>
    public DateTimeOffset? GetUnixTime(string name)
    {
        var text = GetString(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || seconds < -62_135_596_800 || seconds > 253_402_300_799)
        {
            throw new UsageException($"--{name} must be a moment in unix seconds, was '{text}'");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    public string GetChoice(string name, string fallback, params string[] choices)
    {
        var text = GetString(name) ?? fallback;
        if (!choices.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            throw new UsageException($"--{name} must be one of {string.Join(", ", choices)}, was '{text}'");
        }

        return text.ToLowerInvariant();
    }
}
