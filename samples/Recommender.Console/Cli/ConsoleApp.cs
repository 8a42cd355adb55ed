using System.Data.Common;
using Microsoft.Extensions.Options;
using Recommender.Data;

namespace Recommender.ConsoleSample.Cli;

/// <summary>A command: its arguments (the command name removed), where it writes, and a token that Ctrl+C cancels.</summary>
public delegate Task<int> Command(string[] args, TextWriter output, CancellationToken cancellationToken);

/// <summary>Dispatches to a command and turns every failure into one line on stderr and an exit code.</summary>
public static class ConsoleApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    /// <summary>The command run with no arguments, or when the first argument is an option.</summary>
    public const string DefaultCommand = "demo";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, Command> commands, CancellationToken cancellationToken = default)
    {
        try
        {
            if (args.Length > 0 && args[0] is "--help" or "-h" or "-?" or "help")
            {
                output.Write(HelpText.Overview);
                return Ok;
            }

            // "recommender --seed 7" is the demo with options, as "recommender" alone is the demo.
            if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
            {
                return await commands[DefaultCommand](args, output, cancellationToken);
            }

            if (!commands.TryGetValue(args[0], out var command))
            {
                throw new UsageException($"unknown command '{args[0]}' (commands: {string.Join(", ", commands.Keys)}; see --help)");
            }

            return await command(args[1..], output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled");
            return Cancelled;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            await error.WriteLineAsync($"error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            return Failed;
        }
    }

    /// <summary>
    /// Bad input rather than a defect: the command line, a data or model file (file:line), a file system error,
    /// options or data the library rejects (ArgumentException), data it cannot train on (InvalidOperationException),
    /// or a database that refused the connection string or is unreachable.
    /// </summary>
    private static bool IsBadInput(Exception e) =>
        e is UsageException or DataFileException or IOException or UnauthorizedAccessException or ArgumentException
            or InvalidOperationException or OptionsValidationException or DbException;

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
