using System.Diagnostics;

namespace Recommender.ConsoleSample.Tests;

/// <summary>
/// The console packs as the .NET tool <c>recommender</c>, installs from a local folder the way the README says, and
/// runs as that command (its hints then say "recommender ..."). Packs the build the tests run against (--no-build),
/// installs with a NuGet config that knows only that folder: nothing is downloaded. About 10 seconds.
/// </summary>
public sealed class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Pack_InstallFromAFolder_RunsAsRecommender()
    {
        using var dir = new TempDirectory();
        var feed = Directory.CreateDirectory(dir.File("feed")).FullName;
        var tools = dir.File("tools");
        var config = dir.File("nuget.config");
        await File.WriteAllTextAsync(
            config,
            $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""",
            TestContext.Current.CancellationToken);
        var project = Path.Combine(RepositoryRoot(), "samples", "Recommender.Console", "Recommender.Console.csproj");

        var pack = await RunAsync("dotnet", ["pack", project, "-c", Configuration, "--no-build", "-o", feed, "-nodeReuse:false"], dir.Path);
        Assert.True(pack.Code == 0, pack.Output);
        Assert.Single(Directory.GetFiles(feed, "Recommender.Console.*.nupkg"));

        var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "Recommender.Console"], dir.Path);
        Assert.True(install.Code == 0, install.Output);
        Assert.Contains("You can invoke the tool using the following command: recommender", install.Output, StringComparison.Ordinal);

        var help = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "recommender.exe" : "recommender"), ["train", "--help"], dir.Path);
        Assert.True(help.Code == 0, help.Output);
        Assert.Contains("Usage:\n  recommender train [options]", help.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  recommender train --interactions data/interactions.csv", help.Output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Recommender.sln above {AppContext.BaseDirectory}.");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, $"{file} {string.Join(' ', args)}\n{await output}{await error}");
    }
}
