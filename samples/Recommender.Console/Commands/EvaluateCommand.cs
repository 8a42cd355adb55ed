using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Collaborative;
using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Reports;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Ranking;

namespace Recommender.ConsoleSample.Commands;

/// <summary><c>recommender evaluate</c>: the evaluation protocol on a train/test split.</summary>
public static class EvaluateCommand
{
    /// <summary>The models evaluated when --models is not given.</summary>
    public const string DefaultModels = "popularity,heuristic,nmf,content,hybrid";

    private const string AllModels = "popularity, heuristic, nmf, content, hybrid, hybrid-hand";

    private static readonly string[] Known =
        ["train", "test", "posts", "users", "k", "factors", "task", "candidates-since", "now", "models", "half-life-days", "seed", "json", "verbose", "holdout", "report", "objective"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var a = CommandLineArguments.Parse("evaluate", args, Known);
        if (a.Help)
        {
            output.Write(HelpText.Evaluate);
            return ConsoleApp.Ok;
        }

        var trainPath = a.GetExistingFile("train") ?? throw new UsageException("'evaluate' needs --train");
        var testPath = a.GetExistingFile("test") ?? throw new UsageException("'evaluate' needs --test");
        var postsPath = a.GetExistingFile("posts");
        var usersPath = a.GetExistingFile("users");
        var options = new EvaluationOptions
        {
            K = a.GetInt("k", EvaluationDefaults.K, 1, EvaluationDefaults.MaxK),
            Task = a.GetChoice("task", "recommend", "recommend", "rank") == "rank" ? EvaluationTask.Rank : EvaluationTask.Recommend,
            CandidatesSince = a.GetUnixTime("candidates-since"),
            RankingTime = a.GetUnixTime("now"),
            Weighting = new EngagementWeightingOptions { HalfLife = HalfLife(a) },
        };
        var verbose = a.GetChoice("verbose", "false", "true", "false") == "true";
        var reportDirectory = a.GetString("report");
        using var logging = Logging(verbose);
        var logger = logging.CreateLogger("Recommender");
        var models = CreateModels(
            a.GetString("models") ?? DefaultModels,
            new NmfOptions
            {
                Factors = a.GetInt("factors", NmfDefaults.Factors, 1, NmfDefaults.MaxFactors),
                Seed = a.GetInt("seed", NmfDefaults.Seed, int.MinValue, int.MaxValue),
                Objective = a.GetChoice("objective", "implicit", "implicit", "frobenius") == "frobenius" ? NmfObjective.Frobenius : NmfObjective.Implicit,
            },
            logging,
            a.GetChoice("holdout", "auto", "auto", "latest", "per-user", "random") switch
            {
                "latest" => BlendHoldout.Latest,
                "per-user" => BlendHoldout.PerUser,
                "random" => BlendHoldout.Random,
                _ => BlendHoldout.Auto,
            });
        var jsonPath = a.GetString("json");
        if (options.Task == EvaluationTask.Rank && postsPath is null)
        {
            throw new UsageException("--task rank needs --posts: its candidates are the posts created since --candidates-since");
        }

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
                var recorder = new CurveRecorder(data, options.Task, maxK: Math.Max(20, options.K), step);
                var result = new OfflineEvaluator(options, logger).Evaluate(data, recorder.Wrap(models), cancellationToken);
                step.Done($"{result.Models.Count} models, {result.Models[0].Users} test users");
                return (result, recorder.Curves);
            },
            cancellationToken));
        var dropped = data.Test.Count - report.Dataset.Test;
        ResultTable.WriteContext(output, report);
        if (dropped > 0)
        {
            output.WriteLine($"dropped {dropped} of {data.Test.Count} test rows whose user or post is not in train");
        }

        output.WriteLine();
        ResultTable.Write(output, report);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, report.ToJson() + "\n");
            output.WriteLine();
            output.WriteLine($"wrote {jsonPath}");
        }

        if (reportDirectory is not null)
        {
            var files = ReportImages.Write(reportDirectory, [new TaskCurves(options.Task.ToString().ToLowerInvariant(), curves)], Losses(models));
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
                "heuristic" => new HeuristicEvaluationModel(options.Heuristic),
                "content" => new ContentEvaluationModel(options.Content),
                "hybrid" => new HybridEvaluationModel(options, learnBlend: true, logging),
                "hybrid-hand" => new HybridEvaluationModel(options, learnBlend: false, logging),
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
                HybridEvaluationModel hybrid => hybrid.TrainedModel?.Collaborative?.Summary.LossHistory,
                _ => null,
            };
            if (history is { Count: > 0 })
            {
                losses.Add(new LossSeries(model.Name, history));
            }
        }

        return losses;
    }

    /// <summary>With --verbose true, progress (training, ranking time) goes to stderr.</summary>
    private static ILoggerFactory Logging(bool verbose) => verbose
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information))
        : NullLoggerFactory.Instance;

    private static TimeSpan HalfLife(CommandLineArguments a)
    {
        var days = a.GetDouble("half-life-days", EngagementDefaults.HalfLife.TotalDays, 0, 36_500);
        return days == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(days);
    }
}
