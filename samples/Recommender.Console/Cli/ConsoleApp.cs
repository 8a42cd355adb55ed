using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Recommender.ConsoleSample.Commands;
using Recommender.Data;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// Parses the command line (System.CommandLine), runs the command, and turns every failure into one line on stderr
/// and an exit code.
/// </summary>
public static class ConsoleApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    /// <summary>
    /// No response files: an argument that starts with '@' (a user id, say) is a value, not a file to read arguments from.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Runs the command line <paramref name="args"/>.</summary>
    /// <param name="args">The arguments; none runs the demo.</param>
    /// <param name="output">Where results and --help go.</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <param name="run">How the user runs this program (<see cref="Invocation.Detect()"/>), for help and hints.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string run, CancellationToken cancellationToken = default)
    {
        var parsed = CommandTable.Create(run).Parse(args, Parsing);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            await error.WriteLineAsync($"error: {OneLine(ParseErrors.Describe(parsed))}");
            return BadInput;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // Program's Ctrl+C handler cancels the token
            };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled");
            return Cancelled;
        }
        catch (NpgsqlException e) when (e is not PostgresException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: --postgres: could not talk to PostgreSQL ({OneLine(Describe(e))}); check that the server is running and that Host and Port in the connection string are right");
            return BadInput;
        }
        catch (PostgresException e)
        {
            await error.WriteLineAsync($"error: --postgres: PostgreSQL refused ({OneLine(e.Message)}); check the connection string's Username, Password and Database, and the role's rights");
            return BadInput;
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

    /// <summary>"Failed to connect to 127.0.0.1:1: Connection refused" (the socket's reason is in the inner exception).</summary>
    private static string Describe(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message.TrimEnd('.')}: {inner.Message.TrimEnd('.')}"
            : e.Message.TrimEnd('.');

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
