using System.Text.RegularExpressions;

namespace Recommender.ConsoleSample.Tests;

public sealed class DemoCommandTests
{
    private static readonly string[] Models = ["popularity", "heuristic", "nmf", "content", "hybrid"];

    [Fact]
    public async Task Demo_LoyalWorld_RunsEndToEnd_AndExportsItsData()
    {
        using var dir = new TempDirectory();
        var run = await ConsoleRun.RunAsync("--world", "loyal", "--users", "150", "--posts", "500", "--days", "30", "--engagements", "20", "--feeds", "1", "--export", dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("months-long author loyalty", run.Output, StringComparison.Ordinal);
        Assert.Contains("150 users, 500 posts", run.Output, StringComparison.Ordinal);
        foreach (var model in Models)
        {
            Assert.Matches(new Regex($@"(?m)^{model}\s+\d\.\d{{4}}"), run.Output);
        }

        Assert.True(File.Exists(System.IO.Path.Combine(dir.Path, "interactions.csv")));
    }

    [Fact]
    public async Task Demo_TinyNetwork_PrintsIntroStepsBothTablesFeedsAndNextSteps()
    {
        var run = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--feeds", "2", "--count", "5"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("Recommender demo: a generated social network", run.Output, StringComparison.Ordinal);
        Assert.Contains("  train (services.AddRecommender): ", run.Output, StringComparison.Ordinal);
        foreach (var task in new[] { "task recommend:", "task rank:" })
        {
            var table = run.Output[run.Output.IndexOf(task, StringComparison.Ordinal)..];
            foreach (var model in Models)
            {
                Assert.Matches(new Regex($@"(?m)^{model}\s+\d\.\d{{4}}"), table);
            }
        }

        Assert.Contains("Recommend task (the whole catalogue): ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Rank task (new posts, as in a feed): ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Training through services.AddRecommender() on all ", run.Output, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(run.Output, "on the user's tastes"));
        Assert.Equal(2, Regex.Count(run.Output, @"(?m)^  # model .*\| heuristic \(ML off\)"));
        Assert.Contains("Next:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SameSeed_SameOutputExceptTimings_OtherSeed_OtherOutput()
    {
        var first = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--seed", "5"]);
        var second = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--seed", "5"]);
        var other = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--seed", "6"]);

        Assert.Equal(first.OutputWithoutTimings, second.OutputWithoutTimings);
        Assert.NotEqual(first.OutputWithoutTimings, other.OutputWithoutTimings);
    }

    [Fact]
    public async Task Demo_Report_WritesPngChartsAndTheirNumbers()
    {
        using var dir = new TempDirectory();

        var run = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--feeds", "1", "--report", dir.Path]);

        Assert.Equal(0, run.ExitCode);
        foreach (var image in new[] { "evaluation.png", "training-loss.png" })
        {
            var bytes = await File.ReadAllBytesAsync(dir.File(image), TestContext.Current.CancellationToken);
            Assert.True(bytes.Length > 10_000, $"{image} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }

        var csv = await File.ReadAllLinesAsync(dir.File("curves.csv"), TestContext.Current.CancellationToken);
        Assert.Equal("task,model,k,precision,ndcg,users", csv[0]);
        Assert.Equal(1 + (2 * Models.Length * 20), csv.Length);
        Assert.Contains($"Report: {dir.File("evaluation.png")}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Export_WritesTheProtocolsCsvAndPointsTheNextStepsAtIt()
    {
        using var dir = new TempDirectory();

        var run = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--feeds", "1", "--export", dir.Path]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(dir.File("interactions.csv")));
        Assert.True(File.Exists(dir.File("posts.csv")));
        Assert.True(File.Exists(dir.File("users.csv")));
        Assert.Contains($"recommender train --interactions {dir.File("interactions.csv")} --posts {dir.File("posts.csv")}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunFromAClone_EveryNextStepIsTheDotnetRunForm()
    {
        var run = await ConsoleRun.RunAsAsync(Cli.Invocation.FromClone, [.. ConsoleRun.Tiny, "--feeds", "1"]);

        Assert.Equal(0, run.ExitCode);
        var next = run.Lines.SkipWhile(l => l != "Next:").Skip(1).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(next.Count >= 6, run.Output);
        Assert.All(next, l => Assert.StartsWith("dotnet run -c Release --project samples/Recommender.Console -- ", l, StringComparison.Ordinal));
    }
}
