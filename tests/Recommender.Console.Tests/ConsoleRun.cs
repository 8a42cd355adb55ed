using System.Text.RegularExpressions;
using Recommender.ConsoleSample.Cli;

namespace Recommender.ConsoleSample.Tests;

/// <summary>Runs the console as Program does, with captured output (not a terminal, so progress is plain lines).</summary>
internal sealed record ConsoleRun(int ExitCode, string Output, string Error)
{
    /// <summary>A small network: seconds, not tens of seconds.</summary>
    public static readonly string[] Tiny = ["--users", "80", "--posts", "300", "--days", "7", "--engagements", "25"];

    public static Task<ConsoleRun> RunAsync(params string[] args) => RunAsAsync(Invocation.Tool, args);

    /// <summary>Runs the console as if started the way <paramref name="run"/> says (the tool, or dotnet run from a clone).</summary>
    public static async Task<ConsoleRun> RunAsAsync(string run, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ConsoleApp.RunAsync(args, output, error, run, TestContext.Current.CancellationToken);
        return new ConsoleRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The output without what legitimately changes between runs: step timings and the training-time column.</summary>
    public string OutputWithoutTimings =>
        Regex.Replace(Regex.Replace(Output, @" \[\d+(\.\d+)? s\]", string.Empty), @"(?m)\s+\d+\.\d\d$", string.Empty);

    public string[] Lines => Output.Split('\n', StringSplitOptions.TrimEntries);
}
