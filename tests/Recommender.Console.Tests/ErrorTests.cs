using System.Net;
using System.Net.Sockets;

namespace Recommender.ConsoleSample.Tests;

public sealed class ErrorTests
{
    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--users", "abc"], "--users must be a whole number from 10 to 1000000, was 'abc'" },
        { ["--bogus"], "unknown option '--bogus' for 'demo' (known: --seed," },
        { ["evaluate", "--bogus", "1"], "unknown option '--bogus' for 'evaluate'" },
        { ["--create-sample"], "--create-sample applies with --postgres only" },
        { ["--schema", "x"], "--schema applies with --postgres only" },
        { ["nosuchcommand"], "unknown command 'nosuchcommand' (commands: demo, evaluate, split, train, recommend; see --help)" },
        { ["demo", "extra"], "unexpected argument 'extra'" },
        { ["--world", "mars"], "--world must be one of social, loyal, was 'mars'" },
        { ["--seed", "1", "--seed", "2"], "option '--seed' is given twice" },
        { ["--seed"], "option '--seed' needs a value" },
        { ["evaluate", "--train", "--test", "x.csv"], "option '--train' needs a value" },
        { ["evaluate", "--test", "/no/such/test.csv"], "'evaluate' needs --train" },
        { ["split", "--input", "/no/such/file.csv", "--out", "x", "--method", "sideways"], "--method must be one of random, temporal, time, was 'sideways'" },
        { ["split", "--input", "/no/such/file.csv", "--out", "x", "--test-fraction", "1"], "--test-fraction must be a number strictly between 0 and 1, was '1'" },
        { ["train", "--interactions", "/no/such/file.csv", "--out", "m.bin"], "--interactions: file not found: /no/such/file.csv" },
        { ["train", "--interactions", "no-such-file.csv", "--out", "m.bin"], "(a relative path starts from the current folder, " },
        { ["train", "--postgres", "Host=localhost", "--interactions", typeof(ErrorTests).Assembly.Location], "--postgres reads the host's tables" },
        { ["recommend", "--user", "u1"], "'recommend' needs --model FILE" },
        { ["recommend", "--model", "m.bin"], "'recommend' needs --user" },
        { ["recommend", "--user", "u1", "--now", "yesterday"], "--now must be a moment in unix seconds" },
        { ["demo", "--postgres", "not a connection string"], "--postgres: the value is not a valid Npgsql connection string (Format of the initialization string" },
        { ["demo", "--postgres", "Host=x;Port=abc"], "--postgres: the value is not a valid Npgsql connection string (Couldn't set port); give one like \"Host=localhost;" },
        { ["demo", "--postgres", "Database=app"], "--postgres: the connection string names no Host" },
        { ["demo", "--postgres", ""], "--postgres needs a connection string, e.g. \"Host=localhost;" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_OneLineOnStderr_ExitCode2(string[] args, string message)
    {
        var run = await ConsoleRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Recommender.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_FileThatIsNotAModel_NamesTheOptionTheFileAndHowToMakeOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("posts.csv");
        await File.WriteAllTextAsync(path, "post_id,author_id\np1,a1\n", TestContext.Current.CancellationToken);

        var run = await ConsoleRun.RunAsync("recommend", "--model", path, "--user", "u1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: --model {path}: this is not a Recommender model file", run.Error, StringComparison.Ordinal);
        Assert.Contains("A model file is the binary that 'train' writes: make one with recommender train --interactions FILE --out model.bin", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_InvalidConnectionString_NeverRepeatsThePassword()
    {
        var run = await ConsoleRun.RunAsync("train", "--postgres", "Host=db;Password=hunter2;;=oops");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --postgres: the value is not a valid Npgsql connection string", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_NothingListens_OneLineSayingWhatFailed_WithoutThePassword()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await ConsoleRun.RunAsync("train", "--postgres", $"Host=127.0.0.1;Port={port};Username=u;Password=hunter2;Database=d;Timeout=5");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: --postgres: could not talk to PostgreSQL (Failed to connect to 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.EndsWith("check that the server is running and that Host and Port in the connection string are right", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_OutUnderAFile_SaysTheOptionAndThePathCannotBeCreated()
    {
        using var dir = new TempDirectory();
        var input = dir.File("interactions.csv");
        await File.WriteAllTextAsync(input, "user_id,post_id,timestamp\nu1,p1,1700000000\nu1,p2,1700000100\n", TestContext.Current.CancellationToken);
        var blocked = Path.Combine(input, "split"); // a folder inside a file cannot exist

        var run = await ConsoleRun.RunAsync("split", "--input", input, "--out", blocked);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: --out {blocked}: cannot create the folder (", run.Error, StringComparison.Ordinal);
        Assert.Contains("give a path you can write to", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ReportFolderCannotBeCreated_FailsBeforeTheWork()
    {
        using var dir = new TempDirectory();
        var file = dir.File("a-file");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var run = await ConsoleRun.RunAsync([.. ConsoleRun.Tiny, "--report", Path.Combine(file, "report")]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --report ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output); // nothing generated or trained first
    }

    [Theory]
    [InlineData("--help", "Usage:\n  recommender [command] [options]")]
    [InlineData("-h", "Commands:\n  demo ")]
    [InlineData("help", "Exit codes: 0 done, 2 bad input")]
    [InlineData("demo --help", "Usage:\n  recommender demo [options]")]
    [InlineData("evaluate --help", "--train <FILE> (REQUIRED)")]
    [InlineData("split --help", "--method <random|temporal|time>")]
    [InlineData("train --help", "--blend <learned|hand>")]
    [InlineData("recommend --help", "--user <ID> (REQUIRED)")]
    public async Task Help_EveryCommand_PrintsItsUsage(string args, string expected)
    {
        var run = await ConsoleRun.RunAsync(args.Split(' '));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Help_RunFromAClone_ShowsCommandsThatWorkFromTheClone()
    {
        var run = await ConsoleRun.RunAsAsync(Cli.Invocation.FromClone, "train", "--help");

        Assert.Contains("Usage:\n  dotnet run -c Release --project samples/Recommender.Console -- train [options]", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  dotnet run -c Release --project samples/Recommender.Console -- train --interactions data/interactions.csv", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("  recommender ", run.Output, StringComparison.Ordinal);
    }
}
