using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// The words of --help that are not an option's: each command's description and the notes written after
/// System.CommandLine's own sections (files, PostgreSQL, exit codes, examples), with commands in the form the user
/// runs this program (<see cref="Invocation"/>).
/// </summary>
public static class HelpText
{
    public const string Root =
        "The Recommender SDK's console sample. With no command it runs the demo, whose options are below: it generates a "
        + "social network, evaluates five models on it, trains through services.AddRecommender() as a host would and shows "
        + "feeds next to the heuristic's.";

    public const string Demo =
        "The demo (what runs with no command): a generated social network, five models evaluated on it, training through "
        + "services.AddRecommender(), feeds next to the heuristic's.";

    public const string Evaluate = "Evaluates models on a train/test split (the evaluation protocol).";

    public const string Split = "Splits an interactions file into train.csv and test.csv in the protocol's format.";

    public const string Train = "Trains a model file from CSV or MovieLens files, or (--postgres) from the host's tables in PostgreSQL.";

    public const string Recommend = "A user's feed from a model file, or (--postgres) from the model PostgreSQL serves.";

    /// <summary>What follows the options of the command <paramref name="command"/> ("" for the root).</summary>
    public static string Notes(string command, string run) => command switch
    {
        "" => $"""
            Files: the protocol's CSV (interactions: user_id, post_id[, timestamp, kind, weight, rating]; posts: post_id[,
            author_id, created_at, tags, text]; users: user_id[, created_at]) or MovieLens (u.data, ratings.dat, ratings.csv,
            u.item, movies.dat, movies.csv with tags.csv beside it).
            PostgreSQL (demo, train, recommend): --postgres CONN reads the host's tables in the sample layout (schema
            recommender_sample unless --schema says otherwise) and keeps models in the SDK's schema (recommender).
            Exit codes: 0 done, 2 bad input (one line on stderr naming the problem, file:line for data), 1 unexpected
            failure, 130 cancelled (Ctrl+C).
            Run it from a clone as {Invocation.FromClone} COMMAND ...;
            installed as a .NET tool (see the README: dotnet tool install --global --add-source DIR Recommender.Console)
            as {Invocation.Tool} COMMAND ...

            Examples:
              # the demo, and its data as CSV files for the other commands
              {run} --export data/
              # the options of a command
              {run} evaluate --help

            """,
        "demo" => $"""
            The network: users with names and tastes, authors, posts with tags and text, follows, weeks of views, likes,
            comments and shares with planted structure. The evaluation: popularity, heuristic, nmf, content and hybrid on
            the protocol's recommend, rank and feed tasks (the latest 20% of engagements by time are test). The same seed and sizes give the
            same output (timings aside).

            Examples:
              {run} demo --seed 7 --report report/
              {run} demo --postgres "Host=localhost;Database=app;Username=app;Password=..." --create-sample

            """,
        "evaluate" => $"""
            Examples:
              {run} split --input data/interactions.csv --method time --out split/
              {run} evaluate --train split/train.csv --test split/test.csv --posts data/posts.csv --task rank
              {run} evaluate --train split/train.csv --test split/test.csv --posts data/posts.csv --task feed --step 86400 --json feed.json

            """,
        "split" => $"""
            Examples:
              {run} split --input ml-latest-small/ratings.csv --out split/ --method random --test-fraction 0.2 --seed 1

            """,
        "train" => $"""
            Examples:
              {run} train --interactions data/interactions.csv --posts data/posts.csv --out model.bin
              {run} train --postgres "Host=localhost;Database=app;Username=app;Password=..."

            """,
        "recommend" => $"""
            Examples:
              {run} recommend --model model.bin --user u0001 --posts data/posts.csv
              {run} recommend --postgres "Host=localhost;Database=app;Username=app;Password=..." --user u0001

            """,
        _ => string.Empty,
    };

    /// <summary>Replaces the help option's action with one that writes System.CommandLine's help, then <see cref="Notes"/>.</summary>
    public static void Use(RootCommand root, string run)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new WithNotes(run);
    }

    /// <summary>The standard help (usage, options, commands), then the command's notes.</summary>
    private sealed class WithNotes(string run) : SynchronousCommandLineAction
    {
        private readonly HelpAction _help = new() { MaxWidth = 120 };

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            _help.Invoke(parseResult);
            var command = parseResult.CommandResult.Command;
            parseResult.InvocationConfiguration.Output.Write(Notes(command is RootCommand ? string.Empty : command.Name, run));
            return ConsoleApp.Ok;
        }
    }
}
