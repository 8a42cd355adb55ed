using System.CommandLine;
using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.ConsoleSample.Commands;

/// <summary><c>split</c>: writes train.csv and test.csv in the protocol's format.</summary>
public static class SplitCommand
{
    // DataSplitter's documented defaults (20% in test, seed 1).
    private const double DefaultTestFraction = 0.2;
    private const int DefaultSeed = 1;

    public static Command Create()
    {
        var input = CommandOptions.ExistingFile("--input", "interactions to split (protocol CSV or MovieLens)");
        input.Required = true;
        var output = CommandOptions.Text("--out", "where train.csv and test.csv are written (created when missing)", "DIR");
        output.Required = true;
        var method = CommandOptions.Choice(
            "--method", "random: a random share of each user's rows; temporal: each user's latest rows; time: every row from a cutoff on", "random", "random", "temporal", "time");
        var fraction = CommandOptions.Double("--test-fraction", "the share held out, 0 < F < 1", DefaultTestFraction, 0, 1, exclusive: true, helpName: "F");
        var seed = CommandOptions.Int("--seed", "random: the seed", DefaultSeed, int.MinValue, int.MaxValue, "S");
        var cutoff = CommandOptions.UnixTime("--cutoff", "time: the cutoff (default: the moment that holds out F of all rows)");
        var command = new Command("split", HelpText.Split) { input, output, method, fraction, seed, cutoff };
        command.SetAction(parsed => Run(
            parsed.InvocationConfiguration.Output,
            parsed.GetRequiredValue(input)!,
            parsed.GetRequiredValue(output)!,
            parsed.GetValue(method)!,
            parsed.GetValue(fraction),
            parsed.GetValue(seed),
            parsed.GetValue(cutoff)));
        return command;
    }

    private static int Run(TextWriter output, string input, string directory, string method, double fraction, int seed, DateTimeOffset? cutoff)
    {
        if (cutoff is not null && method != "time")
        {
            throw new UsageException("--cutoff applies to --method time only");
        }

        OutputPaths.Folder("--out", directory);
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

        var train = Path.Combine(directory, "train.csv");
        var test = Path.Combine(directory, "test.csv");
        OutputPaths.Write("--out", train, () =>
        {
            DataFiles.WriteEngagements(train, split.Train);
            DataFiles.WriteEngagements(test, split.Test);
            return train;
        });
        output.WriteLine($"{method} split of {rows.Count} rows: {split.Train.Count} to {train}, {split.Test.Count} to {test}");
        return ConsoleApp.Ok;
    }
}
