using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recommender.ConsoleSample.Cli;
using Recommender.ConsoleSample.Demo;
using Recommender.ConsoleSample.Reports;
using Recommender.Evaluation;
using Recommender.SampleData;
using Recommender.Training;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// The README's first command: generate a social network with planted tastes, evaluate every model on it (both
/// tasks of the protocol), train through <c>services.AddRecommender()</c> as a host would, and show a few users'
/// feeds next to what the heuristic would have shown. With <c>--postgres</c> the same runs against a database.
/// </summary>
public static class DemoCommand
{
    /// <summary>Adds the demo's options and action to <paramref name="command"/> (the root, and "demo").</summary>
    public static void Configure(Command command, string run)
    {
        var o = new DemoOptions();
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        o.Postgres.AddTo(command);
        command.Options.Add(o.CreateSample);
        command.SetAction((parsed, cancellationToken) => RunAsync(Settings.From(parsed, o), parsed.InvocationConfiguration.Output, run, cancellationToken));
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, string run, CancellationToken cancellationToken)
    {
        output.WriteLine(settings.Intro());
        output.WriteLine();
        var outcome = await ProgressDisplay.For(output).RunAsync(steps => RunStepsAsync(settings, steps, cancellationToken));
        outcome.Write(output, run, nextReport: settings.Report is null, nextPostgres: settings.Postgres is null);
        return ConsoleApp.Ok;
    }

    private static async Task<DemoOutcome> RunStepsAsync(Settings settings, IProgressSteps steps, CancellationToken cancellationToken)
    {
        var database = settings.Postgres?.Open();
        try
        {
            var data = await LoadAsync(settings, database, steps, cancellationToken);
            IReadOnlyList<string> exported = [];
            if (settings.Export is not null)
            {
                var export = steps.Start("export the data as CSV");
                exported = OutputPaths.Write("--export", settings.Export, () => data.WriteCsv(settings.Export));
                export.Done(string.Join(", ", exported.Select(Path.GetFileName)));
            }

            var split = DemoEvaluation.Split(data);
            var recommend = await DemoEvaluation.RunAsync(data, split, EvaluationTask.Recommend, settings.Seed, steps.Start("evaluate: recommend task"), cancellationToken);
            var rank = await DemoEvaluation.RunAsync(data, split, EvaluationTask.Rank, settings.Seed, steps.Start("evaluate: rank task"), cancellationToken);
            var feed = await DemoEvaluation.RunAsync(data, split, EvaluationTask.Feed, settings.Seed, steps.Start("evaluate: feed task (day by day, real-time updates)"), cancellationToken);

            var clock = new DataClock(data.End);
            Action<IRecommenderBuilder> useData = database is null
                ? b => b.UseInMemoryData(data.ToDataSource())
                : b => settings.Postgres!.Use(b, database);

            var step = steps.Start("train (services.AddRecommender)");
            await using var host = await RecommenderHost.StartAsync(clock, o => o.Collaborative.Seed = settings.Seed, useData, mlOff: false, cancellationToken);
            var run = await host.TrainAsync(step, cancellationToken);
            if (run.Outcome is not (TrainingOutcome.Activated or TrainingOutcome.Rejected))
            {
                throw new InvalidOperationException($"training ended {run.Outcome}: {run.Error}");
            }

            var parameters = (await host.Engine.Registry.Store.ListAsync(cancellationToken)).FirstOrDefault(v => v.Version == run.ModelVersion)?.Parameters;
            step.Done(TrainingSummary(run));

            step = steps.Start("serve feeds (model, heuristic)");
            await using var heuristic = await RecommenderHost.StartAsync(clock, o => o.Collaborative.Seed = settings.Seed, useData, mlOff: true, cancellationToken);
            var users = FeedComparison.PickUsers(data, settings.Feeds);
            var feeds = await FeedComparison.ServeAsync(host.Engine, heuristic.Engine, users, settings.Count, cancellationToken);
            step.Done($"{feeds.Count} user{(feeds.Count == 1 ? string.Empty : "s")}, {settings.Count} posts each");

            IReadOnlyList<string> files = [];
            if (settings.Report is not null)
            {
                step = steps.Start("write the report");
                files = OutputPaths.Write("--report", settings.Report, () => ReportImages.Write(
                    settings.Report,
                    [new TaskCurves("rank", rank.Curves), new TaskCurves("recommend", recommend.Curves)],
                    [.. host.Losses.OrderBy(l => l.Key == "collaborative" ? 0 : 1).Select(l => new LossSeries(DemoOutcome.LossName(l.Key), l.Value))]));
                step.Done(string.Join(", ", files.Select(Path.GetFileName)));
            }

            return new DemoOutcome(data, split, recommend, rank, feed, run, parameters, host.Losses, feeds, files, exported);
        }
        finally
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }

    /// <summary>Generates the feed; with --postgres, writes it (--create-sample) and reads the database back as the host's data.</summary>
    private static async Task<DemoData> LoadAsync(Settings settings, NpgsqlDataSource? database, IProgressSteps steps, CancellationToken cancellationToken)
    {
        SocialFeed? feed = null;
        if (database is null || settings.CreateSample)
        {
            var step = steps.Start("generate the network (Bogus)");
            feed = settings.Loyal is { } loyal ? LoyalFeedGenerator.Generate(loyal) : SocialFeedGenerator.Generate(settings.Feed);
            step.Done(string.Create(CultureInfo.InvariantCulture, $"{feed.Users.Count:N0} users, {feed.Posts.Count:N0} posts on {feed.Topics.Count} topics, {feed.Engagements.Count:N0} engagements, {feed.Follows.Count:N0} follows"));
        }

        if (database is null)
        {
            return DemoData.From(feed!);
        }

        var postgres = settings.Postgres!;
        if (feed is not null)
        {
            var fill = steps.Start("fill PostgreSQL (COPY)");
            await SampleDatabase.FillAsync(database, postgres.Schema, feed, cancellationToken);
            fill.Done($"schema {postgres.Schema}: sample tables created when missing, emptied, filled");
        }

        var read = steps.Start("read PostgreSQL");
        var migration = await postgres.MigrateAsync(database, cancellationToken);
        var data = await DemoData.ReadAsync(postgres.HostTables(database), feed?.Profiles, cancellationToken);
        read.Done(string.Create(CultureInfo.InvariantCulture, $"{data.Users.Count:N0} users, {data.Posts.Count:N0} posts, {data.Engagements.Count:N0} engagements, {data.Follows.Count:N0} follows from schema {postgres.Schema} (PostgresDataSource); SDK schema {postgres.SdkSchema} at version {migration.CurrentVersion}"));
        return data;
    }

    private static string TrainingSummary(TrainingRunResult run)
    {
        var text = run.Outcome == TrainingOutcome.Activated ? "activated" : "rejected by the quality gate";
        return run.Metrics.TryGetValue("ndcg@10", out var ndcg) && run.Metrics.TryGetValue("heuristic.ndcg@10", out var heuristic)
            ? string.Create(CultureInfo.InvariantCulture, $"{text}; ndcg@10 {ndcg:F4} vs the heuristic's {heuristic:F4}")
            : text;
    }

    /// <summary>The demo's options, checked.</summary>
    private sealed record Settings(SocialFeedOptions Feed, LoyalFeedOptions? Loyal, int Feeds, int Count, string? Report, string? Export, PostgresSettings? Postgres, bool CreateSample)
    {
        public int Seed => Feed.Seed;

        public static Settings From(ParseResult parsed, DemoOptions o)
        {
            var feed = new SocialFeedOptions
            {
                Seed = parsed.GetValue(o.Seed),
                Users = parsed.GetValue(o.Users),
                Posts = parsed.GetValue(o.Posts),
                Days = parsed.GetValue(o.Days),
                EngagementsPerUser = parsed.GetValue(o.Engagements),
            };
            // The loyal world has sizes of its own: only the ones given on the command line replace them.
            LoyalFeedOptions? loyal = null;
            if (parsed.GetValue(o.World) == "loyal")
            {
                loyal = new LoyalFeedOptions { Seed = feed.Seed };
                if (parsed.GetResult(o.Users) is { Implicit: false })
                {
                    loyal.Users = feed.Users;
                }

                if (parsed.GetResult(o.Posts) is { Implicit: false })
                {
                    loyal.Posts = feed.Posts;
                }

                if (parsed.GetResult(o.Days) is { Implicit: false })
                {
                    loyal.Days = feed.Days;
                }

                if (parsed.GetResult(o.Engagements) is { Implicit: false })
                {
                    loyal.EngagementsPerUser = feed.EngagementsPerUser;
                }

                feed.Users = loyal.Users;
                feed.Posts = loyal.Posts;
                feed.Days = loyal.Days;
                feed.EngagementsPerUser = loyal.EngagementsPerUser;
                try
                {
                    loyal.Validate();
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"--world loyal: {ex.Message.Split(" (Parameter", 2)[0]}");
                }
            }

            var postgres = o.Postgres.From(parsed);
            var createSample = parsed.GetValue(o.CreateSample);
            if (postgres is null && createSample)
            {
                throw new UsageException("--create-sample applies with --postgres only");
            }

            // Where the results go is checked now, not after a minute of work.
            var report = parsed.GetValue(o.Report) is { } r ? OutputPaths.Folder("--report", r) : null;
            var export = parsed.GetValue(o.Export) is { } e ? OutputPaths.Folder("--export", e) : null;
            return new Settings(feed, loyal, parsed.GetValue(o.Feeds), parsed.GetValue(o.Count), report, export, postgres, createSample);
        }

        public string Intro() => Postgres is not null && !CreateSample
            ? "Recommender demo against PostgreSQL: evaluates five models on the host's tables, trains through services.AddRecommender().UsePostgres() as a host would, and shows feeds next to the heuristic's (see --help)."
            : string.Create(CultureInfo.InvariantCulture, $"Recommender demo: a generated social network with {(Loyal is null ? "planted tastes" : "months-long author loyalty, engagement falling with post age, lurkers and viral bursts (--world loyal)")} (seed {Seed}, {Feed.Users:N0} users, {Feed.Posts:N0} posts, {Feed.Days} days); five models evaluated, the recommender trained through services.AddRecommender() as a host would, feeds shown next to the heuristic's (see --help).");
    }
}

/// <summary>The demo's options (one set per command that runs the demo: the root and "demo").</summary>
public sealed class DemoOptions
{
    public Option<string> World { get; } = CommandOptions.Choice(
        "--world",
        "social: the demo's network (planted topic tastes and favourite authors, 21 days); loyal: another mechanism (tastes and followed authors that last for months, engagement falling with post age, lurkers who only view, viral bursts; 120 days, its own default sizes)",
        "social",
        "social",
        "loyal");

    public Option<int> Seed { get; } = CommandOptions.Int("--seed", "the generator's and the training's seed", SocialFeedDefaults.Seed, int.MinValue, int.MaxValue);

    public Option<int> Users { get; } = CommandOptions.Int("--users", "users, authors included", SocialFeedDefaults.Users, 10, 1_000_000);

    public Option<int> Posts { get; } = CommandOptions.Int("--posts", "posts", SocialFeedDefaults.Posts, 10, 10_000_000);

    public Option<int> Days { get; } = CommandOptions.Int("--days", "days of activity", SocialFeedDefaults.Days, 2, 3_650);

    public Option<int> Engagements { get; } = CommandOptions.Int("--engagements", "mean engagement rows per user", SocialFeedDefaults.EngagementsPerUser, 1, 100_000);

    public Option<int> Feeds { get; } = CommandOptions.Int("--feeds", "users whose feeds are shown", 3, 0, 100);

    public Option<int> Count { get; } = CommandOptions.Int("--count", "posts per feed", 8, 1, 100);

    public Option<string?> Report { get; } = CommandOptions.Text(
        "--report",
        "also write evaluation.png (precision@k, NDCG@k for k = 1..20 per model and task), training-loss.png (NMF objective by iteration) and curves.csv into DIR",
        "DIR");

    public Option<string?> Export { get; } = CommandOptions.Text(
        "--export", "also write the data as the protocol's CSV (interactions.csv, posts.csv, users.csv) for the other commands", "DIR");

    public PostgresOptions Postgres { get; } = new(
        "run against PostgreSQL (an Npgsql connection string): the host's tables are read through PostgresDataSource, models and flags live in the database (UsePostgres)");

    public Option<bool> CreateSample { get; } = CommandOptions.Flag(
        "--create-sample",
        "with --postgres: create the sample tables when missing, empty them and fill them with the generated network (binary COPY); without it the tables are read as they are");

    public IEnumerable<Option> All => [Seed, World, Users, Posts, Days, Engagements, Feeds, Count, Report, Export];
}
