using Recommender.Data;

namespace Recommender.ConsoleSample.Cli;

/// <summary>Dispatches to a command and turns every failure into one line on stderr and an exit code.</summary>
public static class ConsoleApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, Func<string[], TextWriter, int>> commands)
    {
        try
        {
            if (args.Length == 0)
            {
                return commands["demo"]([], output);
            }

            if (args[0] is "--help" or "-h" or "-?" or "help")
            {
                output.Write(HelpText.Overview);
                return Ok;
            }

            if (!commands.TryGetValue(args[0], out var command))
            {
                throw new UsageException($"unknown command '{args[0]}' (commands: {string.Join(", ", commands.Keys)}; see --help)");
            }

            return command(args[1..], output);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            return Failed;
        }
    }

    /// <summary>
    /// Bad input rather than a defect: the command line, a data file (file:line), a file system error, options or
    /// data the library rejects (ArgumentException), or data it cannot train on (InvalidOperationException).
    /// </summary>
    private static bool IsBadInput(Exception e) =>
        e is UsageException or DataFileException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException;
}
