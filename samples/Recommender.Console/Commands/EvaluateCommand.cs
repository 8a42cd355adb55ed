using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Collaborative;
using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Reports;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.ConsoleSample.Commands;

/// <summary><c>recommender evaluate</c>: the evaluation protocol on a train/test split.</summary>
public static class EvaluateCommand
{
    /// <summary>The models evaluated when --models is not given.</summary>
    public const string DefaultModels = "popularity,heuristic,nmf,content,hybrid";

    private const string AllModels = "popularity, heuristic, nmf, ease, content, hybrid, hybrid-hand";

    public static Command Create()
    {
        var command = new Command("evaluate", HelpText.Evaluate);
        var o = new EvaluateOptions();
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, o, parsed.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult a, EvaluateOptions o, TextWriter output, CancellationToken cancellationToken)
    {
        var trainPath = a.GetRequiredValue(o.Train)!;
        var testPath = a.GetRequiredValue(o.Test)!;
        var postsPath = a.GetValue(o.Posts);
        var usersPath = a.GetValue(o.Users);
        var days = a.GetValue(o.HalfLifeDays);
        var options = new EvaluationOptions
        {
            K = a.GetValue(o.K),
            Task = a.GetValue(o.Task) switch
            {
                "rank" => EvaluationTask.Rank,
                "feed" => EvaluationTask.Feed,
                _ => EvaluationTask.Recommend,
            },
            Step = TimeSpan.FromSeconds(a.GetValue(o.Step)),
            Updates = a.GetValue(o.Updates) switch
            {
                "none" => FeedUpdates.None,
                "retrain" => FeedUpdates.Retrain,
                _ => FeedUpdates.Realtime,
            },
            CandidatesSince = a.GetValue(o.CandidatesSince),
            RankingTime = a.GetValue(o.Now),
            Weighting = new EngagementWeightingOptions { HalfLife = days == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(days) },
        };
        var verbose = a.GetValue(o.Verbose);
        if (options.Task != EvaluationTask.Recommend && postsPath is null)
        {
            throw new UsageException(options.Task == EvaluationTask.Rank
                ? "--task rank needs --posts: its candidates are the posts created since --candidates-since"
                : "--task feed needs --posts: its candidates are the posts created in the 3 days before each window");
        }

        var jsonPath = a.GetValue(o.Json) is { } json ? OutputPaths.FileIn("--json", json) : null;
        var reportDirectory = a.GetValue(o.Report) is { } folder ? OutputPaths.Folder("--report", folder) : null;
        using var logging = Logging(verbose);
        var logger = logging.CreateLogger("Recommender");
        var models = CreateModels(
            a.GetValue(o.Models)!,
            new NmfOptions
            {
                Factors = a.GetValue(o.Factors),
                Seed = a.GetValue(o.Seed),
                Objective = a.GetValue(o.Objective) == "frobenius" ? NmfObjective.Frobenius : NmfObjective.Implicit,
            },
            logging,
            a.GetValue(o.Holdout) switch
            {
                "latest" => BlendHoldout.Latest,
                "per-user" => BlendHoldout.PerUser,
                "random" => BlendHoldout.Random,
                _ => BlendHoldout.Auto,
            });

        var data = new EvaluationData([.. DataFiles.ReadEngagements(trainPath)], [.. DataFiles.ReadEngagements(testPath)])
        {
            Posts = postsPath is null ? [] : [.. DataFiles.ReadPosts(postsPath)],
            Users = usersPath is null ? [] : [.. DataFiles.ReadUsers(usersPath)],
        };
        if (data.Train.Count == 0)
        {
            throw new UsageException($"--train: {trainPath} has no rows");
        }

        // Progress as a bar on a terminal (plain lines with --verbose: the log goes to the same terminal).
        var display = verbose ? ProgressDisplay.For(TextWriter.Null) : ProgressDisplay.For(output);
        var (report, curves) = await display.RunAsync(steps => Task.Run(
            () =>
            {
                var step = steps.Start($"evaluate: {options.Task.ToString().ToLowerInvariant()} task");
                // The feed task's pairs are (user, window): the curves, per test user, are the other tasks'.
                var recorder = new CurveRecorder(data, options.Task, maxK: Math.Max(20, options.K), step);
                var evaluated = options.Task == EvaluationTask.Feed ? models : recorder.Wrap(models);
                var result = new OfflineEvaluator(options, logger).Evaluate(data, evaluated, cancellationToken);
                step.Done($"{result.Models.Count} models, {result.Models[0].Users} test users");
                return (result, recorder.Curves);
            },
            cancellationToken));
        var dropped = data.Test.Count - report.Dataset.Test;
        ResultTable.WriteContext(output, report);
        if (dropped > 0 && options.Task == EvaluationTask.Feed)
        {
            output.WriteLine($"{report.Dataset.Test} of {data.Test.Count} test rows are relevant in their window (the others' posts were not candidates: older than 3 days, or engaged with before)");
        }
        else if (dropped > 0)
        {
            output.WriteLine($"dropped {dropped} of {data.Test.Count} test rows whose user or post is not in train");
        }

        output.WriteLine();
        ResultTable.Write(output, report);
        if (jsonPath is not null)
        {
            OutputPaths.Write("--json", jsonPath, () =>
            {
                File.WriteAllText(jsonPath, report.ToJson() + "\n");
                return jsonPath;
            });
            output.WriteLine();
            output.WriteLine($"wrote {jsonPath}");
        }

        if (reportDirectory is not null)
        {
            var files = OutputPaths.Write("--report", reportDirectory, () => ReportImages.Write(reportDirectory, [new TaskCurves(options.Task.ToString().ToLowerInvariant(), curves)], Losses(models)));
            output.WriteLine();
            output.WriteLine($"report: {string.Join(", ", files)}");
        }

        return ConsoleApp.Ok;
    }

    /// <summary>The models named in a comma-separated list.</summary>
    public static IReadOnlyList<IEvaluationModel> CreateModels(string names, NmfOptions nmf, ILoggerFactory? logging = null, BlendHoldout holdout = BlendHoldout.Auto)
    {
        var logger = logging?.CreateLogger("Recommender");
        var options = new RecommenderOptions { Collaborative = nmf, Ranking = new RankingOptions { BlendHoldout = holdout } };
        var models = new List<IEvaluationModel>();
        foreach (var raw in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            IEvaluationModel model = raw.ToLowerInvariant() switch
            {
                "popularity" => new PopularityModel(),
                "nmf" => new NmfEvaluationModel(nmf, logger),
                "ease" => new EaseEvaluationModel(),
                "heuristic" => new HeuristicEvaluationModel(options.Heuristic),
                "content" => new ContentEvaluationModel(options.Content),
                "hybrid" => new EngineEvaluationModel(new HybridEvaluationModel(options, learnBlend: true, logging)),
                "hybrid-hand" => new EngineEvaluationModel(new HybridEvaluationModel(options, learnBlend: false, logging)),
                _ => throw new UsageException($"--models: unknown model '{raw}' (known: {AllModels})"),
            };
            if (models.Exists(m => m.Name == model.Name))
            {
                throw new UsageException($"--models: '{raw}' is listed twice");
            }

            models.Add(model);
        }

        return models.Count > 0 ? models : throw new UsageException("--models: no model named");
    }

    /// <summary>The NMF objective by iteration of the models that trained one.</summary>
    private static List<LossSeries> Losses(IReadOnlyList<IEvaluationModel> models)
    {
        var losses = new List<LossSeries>();
        foreach (var model in models)
        {
            var history = model switch
            {
                NmfEvaluationModel nmf => nmf.TrainedModel?.Summary.LossHistory,
                EngineEvaluationModel served => served.Hybrid.TrainedModel?.Collaborative?.Summary.LossHistory,
                _ => null,
            };
            if (history is { Count: > 0 })
            {
                losses.Add(new LossSeries(model.Name, history));
            }
        }

        return losses;
    }

    /// <summary>With --verbose, progress (training, ranking time) goes to stderr.</summary>
    private static ILoggerFactory Logging(bool verbose) => verbose
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information))
        : NullLoggerFactory.Instance;
}

/// <summary>The options of <c>evaluate</c>.</summary>
public sealed class EvaluateOptions
{
    public Option<string?> Train { get; } = Required(CommandOptions.ExistingFile("--train", "train interactions"));

    public Option<string?> Test { get; } = Required(CommandOptions.ExistingFile("--test", "test interactions: every row is one relevant (user, post) pair"));

    public Option<string?> Posts { get; } = CommandOptions.ExistingFile("--posts", "posts (needed by --task rank and feed)");

    public Option<string?> Users { get; } = CommandOptions.ExistingFile("--users", "users");

    public Option<string> Task { get; } = CommandOptions.Choice(
        "--task", "recommend: rank every train post for every test user seen in train; rank: rank the posts created since --candidates-since, every test user; feed: replay the test period in windows of --step", "recommend", "recommend", "rank", "feed");

    public Option<int> Step { get; } = CommandOptions.Int("--step", "feed: window length in seconds", 86_400, 1, 315_360_000, "SECONDS");

    public Option<string> Updates { get; } = CommandOptions.Choice(
        "--updates", "feed: the test rows before each window reach the models through the real-time call (realtime), not at all (none), or by retraining (retrain, slow)", "realtime", "realtime", "none", "retrain");

    public Option<DateTimeOffset?> CandidatesSince { get; } = CommandOptions.UnixTime("--candidates-since", "rank: first creation time of a candidate (default: 3 days before the first test row)");

    public Option<DateTimeOffset?> Now { get; } = CommandOptions.UnixTime("--now", "the ranking moment (default: the last test timestamp)");

    public Option<string> Models { get; } = new("--models")
    {
        Description = "comma-separated: popularity, heuristic, nmf, content, hybrid, hybrid-hand",
        HelpName = "LIST",
        DefaultValueFactory = _ => EvaluateCommand.DefaultModels,
    };

    public Option<string> Holdout { get; } = CommandOptions.Choice(
        "--holdout", "hybrid: the engagements its blend is fitted on (auto: latest for a feed, random for a catalogue)", "auto", "auto", "latest", "per-user", "random");

    public Option<string> Objective { get; } = CommandOptions.Choice(
        "--objective", "nmf: confidence-weighted implicit feedback, or plain NMF", "implicit", "implicit", "frobenius");

    // The SDK's defaults come from default options instances; the upper bounds are the ones the options document
    // (EvaluationOptions.K: 1 to 10,000; NmfOptions.Factors: 1 to 256), which validate them again.
    private const int MaxK = 10_000;
    private const int MaxFactors = 256;
    private static readonly NmfOptions NmfDefaults = new();

    public Option<int> K { get; } = CommandOptions.Int("--k", "list length of the metrics", new EvaluationOptions().K, 1, MaxK);

    public Option<int> Factors { get; } = CommandOptions.Int("--factors", "NMF latent factors", NmfDefaults.Factors, 1, MaxFactors);

    public Option<int> Seed { get; } = CommandOptions.Int("--seed", "NMF seed", NmfDefaults.Seed, int.MinValue, int.MaxValue, "S");

    public Option<double> HalfLifeDays { get; } = CommandOptions.Double(
        "--half-life-days", "engagement half-life in days, measured from the end of the train data; 0 = no decay", new EngagementWeightingOptions().HalfLife.TotalDays, 0, 36_500, helpName: "D");

    public Option<string?> Json { get; } = CommandOptions.Text("--json", "also write the protocol's JSON", "FILE");

    public Option<bool> Verbose { get; } = CommandOptions.Flag("--verbose", "log training and ranking progress to stderr");

    public Option<string?> Report { get; } = CommandOptions.Text(
        "--report", "also write evaluation.png (precision@k and NDCG@k for k = 1..20 per model), training-loss.png (NMF objective by iteration) and curves.csv into DIR", "DIR");

    public IEnumerable<Option> All =>
        [Train, Test, Posts, Users, Task, Step, Updates, CandidatesSince, Now, Models, Holdout, Objective, K, Factors, Seed, HalfLifeDays, Json, Verbose, Report];

    private static Option<string?> Required(Option<string?> option)
    {
        option.Required = true;
        return option;
    }
}
