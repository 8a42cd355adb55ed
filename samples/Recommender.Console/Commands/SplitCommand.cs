using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.ConsoleSample.Commands;

/// <summary><c>recommender split</c>: writes train.csv and test.csv in the protocol's format.</summary>
public static class SplitCommand
{
    private static readonly string[] Known = ["input", "out", "method", "test-fraction", "seed", "cutoff"];

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken) =>
        Task.FromResult(Run(args, output));

    private static int Run(string[] args, TextWriter output)
    {
        var a = CommandLineArguments.Parse("split", args, Known);
        if (a.Help)
        {
            output.Write(HelpText.Split);
            return ConsoleApp.Ok;
        }

        var input = a.GetExistingFile("input") ?? throw new UsageException("'split' needs --input");
        var directory = a.GetRequiredString("out");
        var method = a.GetChoice("method", "random", "random", "temporal", "time");
        var fraction = a.GetDouble("test-fraction", EvaluationDefaults.TestFraction, 0, 1, exclusive: true);
        var seed = a.GetInt("seed", EvaluationDefaults.Seed, int.MinValue, int.MaxValue);
        var cutoff = a.GetUnixTime("cutoff");
        if (cutoff is not null && method != "time")
        {
            throw new UsageException("--cutoff applies to --method time only");
        }

        List<Engagement> rows = [.. DataFiles.ReadEngagements(input)];
        if (rows.Count == 0)
        {
            throw new UsageException($"--input: {input} has no rows");
        }

        var split = method switch
        {
            "temporal" => DataSplitter.TemporalPerUser(rows, fraction),
            "time" => DataSplitter.ByTime(rows, cutoff ?? DataSplitter.CutoffFor(rows, fraction)),
            _ => DataSplitter.RandomPerUser(rows, fraction, seed),
        };

        Directory.CreateDirectory(directory);
        var train = Path.Combine(directory, "train.csv");
        var test = Path.Combine(directory, "test.csv");
        DataFiles.WriteEngagements(train, split.Train);
        DataFiles.WriteEngagements(test, split.Test);
        output.WriteLine($"{method} split of {rows.Count} rows: {split.Train.Count} to {train}, {split.Test.Count} to {test}");
        return ConsoleApp.Ok;
    }
}
