using System.CommandLine;
using System.Globalization;
using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// <c>train</c>: interactions (the protocol's CSV or MovieLens) in, a model file out; or, with
/// <c>--postgres</c>, the host's tables in, a version published to the database's model registry (activated when it
/// passes the quality gate), optionally saved as a file too.
/// </summary>
public static class TrainCommand
{
    public static Command Create(string run)
    {
        var o = new TrainOptions();
        var command = new Command("train", HelpText.Train);
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        o.Postgres.AddTo(command);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, o, parsed.InvocationConfiguration.Output, run, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult a, TrainOptions o, TextWriter output, string run, CancellationToken cancellationToken)
    {
        var postgres = o.Postgres.From(a);
        var outPath = a.GetValue(o.Out) is { } path ? OutputPaths.FileIn("--out", path) : null;
        var now = a.GetValue(o.Now);
        var options = Options(a, o);
        var interactions = a.GetValue(o.Interactions);
        var postsPath = a.GetValue(o.Posts);
        var usersPath = a.GetValue(o.Users);
        if (postgres is not null)
        {
            if (interactions is not null || postsPath is not null || usersPath is not null)
            {
                throw new UsageException("--postgres reads the host's tables: --interactions, --posts and --users are for files");
            }

            return await TrainInDatabaseAsync(postgres, options, now, outPath, output, run, cancellationToken);
        }

        if (interactions is null)
        {
            throw new UsageException("'train' needs --interactions FILE (or --postgres CONN)");
        }

        var source = new CsvDataSource(interactions, postsPath, usersPath);
        if (outPath is null)
        {
            throw new UsageException("'train' needs --out FILE, where the model is written");
        }

        now ??= await DataClock.LatestEngagementAsync(source, cancellationToken) ?? throw new UsageException($"--interactions: {interactions} has no rows");
        var model = await ProgressDisplay.For(output).RunAsync(async steps =>
        {
            var step = steps.Start("train");
            var trained = await new RecommenderTrainer(options, null, new DataClock(now.Value)).FitAsync(source, new StepProgress(step), cancellationToken);
            step.Done(string.Create(CultureInfo.InvariantCulture, $"{trained.Info.Users:N0} users, {trained.Info.Posts:N0} posts, {trained.Info.Engagements:N0} engagements"));
            return trained;
        });

        await OutputPaths.WriteAsync("--out", outPath, async () =>
        {
            await using var stream = File.Create(outPath);
            model.Save(stream);
        });

        var info = model.Info;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained at {info.TrainedAt:yyyy-MM-dd HH:mm}Z (the clock of the data; --now to change) on {info.Users:N0} users, {info.Posts:N0} posts, {info.Engagements:N0} engagements in {info.Duration.TotalSeconds:F1} s"));
        if (model.Collaborative is { } nmf)
        {
            var s = nmf.Summary;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"collaborative: {nmf.FactorCount} factors, {s.Iterations} iterations{(s.Converged ? " (converged)" : string.Empty)}, objective {s.LossHistory[0]:N0} -> {s.FinalLoss:N0}"));
        }
        else
        {
            output.WriteLine("collaborative: none (no positive engagement to factorise)");
        }

        output.WriteLine(BlendLine(info));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outPath} ({new FileInfo(outPath).Length / 1024.0:N0} KiB); next: {run} recommend --model {outPath} --user ID"));
        return ConsoleApp.Ok;
    }

    /// <summary>Trains through <c>services.AddRecommender().UsePostgres()</c>: the pipeline evaluates, publishes and (gate passed) activates.</summary>
    private static async Task<int> TrainInDatabaseAsync(PostgresSettings postgres, RecommenderOptions options, DateTimeOffset? now, string? outPath, TextWriter output, string run, CancellationToken cancellationToken)
    {
        await using var database = postgres.Open();
        await postgres.MigrateAsync(database, cancellationToken);
        now ??= await DataClock.LatestEngagementAsync(postgres.HostTables(database), cancellationToken)
            ?? throw new UsageException($"--postgres: the table {postgres.Schema}.engagements is empty (fill it, or run: {run} --postgres CONN --create-sample)");
        await using var host = await RecommenderHost.StartAsync(new DataClock(now.Value), o => Copy(options, o), b => postgres.Use(b, database), mlOff: false, cancellationToken);
        var result = await ProgressDisplay.For(output).RunAsync(async steps =>
        {
            var step = steps.Start("train, evaluate, publish");
            var trained = await host.TrainAsync(step, cancellationToken);
            step.Done(trained.Outcome.ToString().ToLowerInvariant());
            return trained;
        });

        if (result.Outcome is not (TrainingOutcome.Activated or TrainingOutcome.Rejected) || result.ModelVersion is null)
        {
            throw new InvalidOperationException($"training ended {result.Outcome.ToString().ToLowerInvariant()}: {result.Error}");
        }

        output.WriteLine(result.Outcome == TrainingOutcome.Activated
            ? $"version {result.ModelVersion} published to schema {postgres.SdkSchema} and activated: every instance using this database now serves it"
            : $"version {result.ModelVersion} published to schema {postgres.SdkSchema} but not activated: {result.Error}");
        if (result.Metrics.TryGetValue("ndcg@10", out var ndcg) && result.Metrics.TryGetValue("heuristic.ndcg@10", out var heuristic) && double.IsFinite(ndcg) && double.IsFinite(heuristic))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quality gate (rank task on the latest 10% held out): ndcg@10 {ndcg:F4}, heuristic {heuristic:F4}"));
        }

        if (outPath is not null)
        {
            await using var artefact = await host.Engine.Registry.Store.OpenArtefactAsync(result.ModelVersion, cancellationToken);
            await OutputPaths.WriteAsync("--out", outPath, async () =>
            {
                await using var file = File.Create(outPath);
                await artefact.CopyToAsync(file, cancellationToken);
            });
            output.WriteLine($"wrote {outPath}");
        }

        output.WriteLine($"next: {run} recommend --postgres CONN{(postgres.Schema == PostgresSettings.DefaultSchema ? string.Empty : " --schema " + postgres.Schema)} --user ID");
        return ConsoleApp.Ok;
    }

    private static RecommenderOptions Options(ParseResult a, TrainOptions o)
    {
        var options = new RecommenderOptions();
        options.Collaborative.Factors = a.GetValue(o.Factors);
        options.Collaborative.Seed = a.GetValue(o.Seed);
        var days = a.GetValue(o.HalfLifeDays);
        options.Weighting.HalfLife = days == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(days);
        options.Ranking.LearnBlend = a.GetValue(o.Blend) == "learned";
        return options;
    }

    /// <summary>How the blend was chosen; AUCs only when they were measured (never "NaN").</summary>
    internal static string BlendLine(RecommenderModelInfo info)
    {
        if (!info.BlendLearned)
        {
            // The blend guard can ship one signal alone instead of the hand weights; its note names it ("content alone (").
            var alone = info.BlendNote.Contains(" alone (", StringComparison.Ordinal);
            return $"blend of signals: {(alone ? "one signal alone" : "hand weights")} ({info.BlendNote})";
        }

        var aucs = double.IsFinite(info.BlendLearnedAuc) && double.IsFinite(info.BlendHandAuc)
            ? string.Create(CultureInfo.InvariantCulture, $"AUC {info.BlendLearnedAuc:F3}, hand weights {info.BlendHandAuc:F3}")
            : "no AUC: the blend was chosen without sampled validation groups";
        var note = string.IsNullOrWhiteSpace(info.BlendNote) || info.BlendNote.Contains("NaN", StringComparison.Ordinal) ? string.Empty : $"; {info.BlendNote}";
        return $"blend of signals: learned on the latest engagements held out ({aucs}{note})";
    }

    private static void Copy(RecommenderOptions from, RecommenderOptions to)
    {
        to.Collaborative.Factors = from.Collaborative.Factors;
        to.Collaborative.Seed = from.Collaborative.Seed;
        to.Weighting.HalfLife = from.Weighting.HalfLife;
        to.Ranking.LearnBlend = from.Ranking.LearnBlend;
    }

    /// <summary>Training progress to a progress step, synchronously (on the training thread).</summary>
    private sealed class StepProgress(ProgressStep step) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) =>
            step.Report(value.Fraction, value.Iteration > 0 ? $"{value.Stage}, iteration {value.Iteration}" : value.Stage);
    }
}

/// <summary>The options of <c>train</c>.</summary>
public sealed class TrainOptions
{
    public Option<string?> Interactions { get; } = CommandOptions.ExistingFile("--interactions", "engagements or ratings: the protocol's CSV or MovieLens (required unless --postgres)");

    public Option<string?> Posts { get; } = CommandOptions.ExistingFile("--posts", "posts (tags, text, authors: the content model and cold start need them)");

    public Option<string?> Users { get; } = CommandOptions.ExistingFile("--users", "users");

    public Option<string?> Out { get; } = CommandOptions.Text(
        "--out", "where the model is written (required with files); with --postgres, a copy of the version published to the database", "FILE");

    public Option<DateTimeOffset?> Now { get; } = CommandOptions.UnixTime("--now", "the training moment, for decay and freshness (default: the latest engagement)");

    private static readonly RecommenderOptions Defaults = new();

    // NmfOptions.Factors' documented upper bound (the options validate it again).
    private const int MaxFactors = 256;

    public Option<int> Factors { get; } = CommandOptions.Int("--factors", "NMF latent factors", Defaults.Collaborative.Factors, 1, MaxFactors);

    public Option<int> Seed { get; } = CommandOptions.Int("--seed", "the training seed", Defaults.Collaborative.Seed, int.MinValue, int.MaxValue, "S");

    public Option<double> HalfLifeDays { get; } = CommandOptions.Double(
        "--half-life-days", "engagement half-life in days; 0 = no decay", Defaults.Weighting.HalfLife.TotalDays, 0, 36_500, helpName: "D");

    public Option<string> Blend { get; } = CommandOptions.Choice(
        "--blend", "fit the blend of signals on the latest engagements held out, or use hand weights", "learned", "learned", "hand");

    public PostgresOptions Postgres { get; } = new(
        "train on the host's tables through services.AddRecommender().UsePostgres(): evaluated against the heuristic and the active model, published to the database's registry, activated when it passes the quality gate");

    public IEnumerable<Option> All => [Interactions, Posts, Users, Out, Now, Factors, Seed, HalfLifeDays, Blend];
}
