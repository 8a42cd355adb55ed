using System.Globalization;
using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Training;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// <c>recommender train</c>: interactions (the protocol's CSV or MovieLens) in, a model file out; or, with
/// <c>--postgres</c>, the host's tables in, a version published to the database's model registry (activated when it
/// passes the quality gate), optionally saved as a file too.
/// </summary>
public static class TrainCommand
{
    private static readonly string[] Known =
        ["interactions", "posts", "users", "out", "now", "factors", "seed", "half-life-days", "blend", .. PostgresSettings.Options];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var a = CommandLineArguments.Parse("train", args, Known);
        if (a.Help)
        {
            output.Write(HelpText.Train);
            return ConsoleApp.Ok;
        }

        var postgres = PostgresSettings.From(a);
        var outPath = a.GetString("out");
        var now = a.GetUnixTime("now");
        var options = Options(a);
        if (postgres is not null)
        {
            if (a.GetString("interactions") is not null || a.GetString("posts") is not null || a.GetString("users") is not null)
            {
                throw new UsageException("--postgres reads the host's tables: --interactions, --posts and --users are for files");
            }

            return await TrainInDatabaseAsync(postgres, options, now, outPath, output, cancellationToken);
        }

        var interactions = a.GetExistingFile("interactions") ?? throw new UsageException("'train' needs --interactions FILE (or --postgres CONN)");
        var source = new CsvDataSource(interactions, a.GetExistingFile("posts"), a.GetExistingFile("users"));
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

        var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using (var stream = File.Create(outPath))
        {
            model.Save(stream);
        }

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

        output.WriteLine(info.BlendLearned
            ? string.Create(CultureInfo.InvariantCulture, $"blend of signals: learned on the latest engagements held out (AUC {info.BlendLearnedAuc:F3}, hand weights {info.BlendHandAuc:F3})")
            : $"blend of signals: hand weights ({info.BlendNote})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outPath} ({new FileInfo(outPath).Length / 1024.0:N0} KiB); next: recommender recommend --model {outPath} --user ID"));
        return ConsoleApp.Ok;
    }

    /// <summary>Trains through <c>services.AddRecommender().UsePostgres()</c>: the pipeline evaluates, publishes and (gate passed) activates.</summary>
    private static async Task<int> TrainInDatabaseAsync(PostgresSettings postgres, RecommenderOptions options, DateTimeOffset? now, string? outPath, TextWriter output, CancellationToken cancellationToken)
    {
        await using var database = postgres.Open();
        await postgres.MigrateAsync(database, cancellationToken);
        now ??= await DataClock.LatestEngagementAsync(postgres.HostTables(database), cancellationToken)
            ?? throw new UsageException($"--postgres: the table {postgres.Schema}.engagements is empty (fill it, or run: recommender --postgres CONN --create-sample)");
        await using var host = await RecommenderHost.StartAsync(new DataClock(now.Value), o => Copy(options, o), b => postgres.Use(b, database), mlOff: false, cancellationToken);
        var run = await ProgressDisplay.For(output).RunAsync(async steps =>
        {
            var step = steps.Start("train, evaluate, publish");
            var result = await host.TrainAsync(step, cancellationToken);
            step.Done(result.Outcome.ToString().ToLowerInvariant());
            return result;
        });

        if (run.Outcome is not (TrainingOutcome.Activated or TrainingOutcome.Rejected) || run.ModelVersion is null)
        {
            throw new InvalidOperationException($"training ended {run.Outcome.ToString().ToLowerInvariant()}: {run.Error}");
        }

        output.WriteLine(run.Outcome == TrainingOutcome.Activated
            ? $"version {run.ModelVersion} published to schema {postgres.SdkSchema} and activated: every instance using this database now serves it"
            : $"version {run.ModelVersion} published to schema {postgres.SdkSchema} but not activated: {run.Error}");
        if (run.Metrics.TryGetValue("ndcg@10", out var ndcg) && run.Metrics.TryGetValue("heuristic.ndcg@10", out var heuristic))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quality gate (rank task on the latest 10% held out): ndcg@10 {ndcg:F4}, heuristic {heuristic:F4}"));
        }

        if (outPath is not null)
        {
            await using var artefact = await host.Engine.Registry.Store.OpenArtefactAsync(run.ModelVersion, cancellationToken);
            await using var file = File.Create(outPath);
            await artefact.CopyToAsync(file, cancellationToken);
            output.WriteLine($"wrote {outPath}");
        }

        output.WriteLine($"next: recommender recommend --postgres CONN{(postgres.Schema == PostgresSettings.DefaultSchema ? string.Empty : " --schema " + postgres.Schema)} --user ID");
        return ConsoleApp.Ok;
    }

    private static RecommenderOptions Options(CommandLineArguments a)
    {
        var options = new RecommenderOptions();
        options.Collaborative.Factors = a.GetInt("factors", options.Collaborative.Factors, 1, Collaborative.NmfDefaults.MaxFactors);
        options.Collaborative.Seed = a.GetInt("seed", options.Collaborative.Seed, int.MinValue, int.MaxValue);
        var days = a.GetDouble("half-life-days", EngagementDefaults.HalfLife.TotalDays, 0, 36_500);
        options.Weighting.HalfLife = days == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(days);
        options.Ranking.LearnBlend = a.GetChoice("blend", "learned", "learned", "hand") == "learned";
        return options;
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
