namespace Recommender.ConsoleSample.Tests;

public sealed class ErrorTests
{
    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--users", "abc"], "--users must be a whole number" },
        { ["--bogus"], "unknown option '--bogus' for 'demo'" },
        { ["--create-sample"], "--create-sample applies with --postgres only" },
        { ["--schema", "x"], "--schema applies with --postgres only" },
        { ["nosuchcommand"], "unknown command 'nosuchcommand'" },
        { ["train", "--interactions", "/no/such/file.csv", "--out", "m.bin"], "file not found: /no/such/file.csv" },
        { ["train", "--postgres", "Host=localhost", "--interactions", "x.csv"], "--postgres reads the host's tables" },
        { ["recommend", "--user", "u1"], "'recommend' needs --model FILE" },
        { ["recommend", "--model", "m.bin"], "'recommend' needs --user" },
        { ["demo", "--postgres", "not a connection string"], "error: " },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_OneLineOnStderr_ExitCode2(string[] args, string message)
    {
        var run = await ConsoleRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at Recommender.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_FileThatIsNotAModel_NamesTheProblem()
    {
        using var dir = new TempDirectory();
        var path = dir.File("not-a-model.bin");
        await File.WriteAllTextAsync(path, "user_id,post_id\nu1,p1\n", TestContext.Current.CancellationToken);

        var run = await ConsoleRun.RunAsync("recommend", "--model", path, "--user", "u1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("not a Recommender model", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help", "Usage:")]
    [InlineData("demo --help", "recommender [demo] [options]")]
    [InlineData("evaluate --help", "recommender evaluate --train")]
    [InlineData("split --help", "recommender split --input")]
    [InlineData("train --help", "recommender train --interactions")]
    [InlineData("recommend --help", "recommender recommend --model")]
    public async Task Help_EveryCommand_PrintsItsUsage(string args, string expected)
    {
        var run = await ConsoleRun.RunAsync(args.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }
}
