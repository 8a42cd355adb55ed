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
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (DataFileException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (ArgumentException e)
        {
            // Options or data the library rejects (for example the rank task without a posts file).
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (InvalidOperationException e)
        {
            // For example: no engagement with a positive weight to train on.
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            return Failed;
        }
    }
}
