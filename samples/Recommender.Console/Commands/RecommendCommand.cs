using System.CommandLine;
using System.Globalization;
using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serialization;
using Recommender.Serving;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// <c>recommend</c>: a model file and a user in, the user's feed out (each post with its score, source
/// and reasons); or, with <c>--postgres</c>, the feed the database's active model serves through
/// <c>services.AddRecommender().UsePostgres()</c>.
/// </summary>
public static class RecommendCommand
{
    public static Command Create(string run)
    {
        var o = new RecommendOptions();
        var command = new Command("recommend", HelpText.Recommend) { o.Model, o.User, o.Count, o.Now, o.Posts };
        o.Postgres.AddTo(command);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, o, parsed.InvocationConfiguration.Output, run, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult a, RecommendOptions o, TextWriter output, string run, CancellationToken cancellationToken)
    {
        var user = a.GetRequiredValue(o.User)!;
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new UsageException("--user must name a user");
        }

        var count = a.GetValue(o.Count);
        var now = a.GetValue(o.Now);
        var postgres = o.Postgres.From(a);
        var modelPath = a.GetValue(o.Model);
        var postsPath = a.GetValue(o.Posts);
        if (postgres is not null)
        {
            if (modelPath is not null || postsPath is not null)
            {
                throw new UsageException("--postgres serves the database's active model: --model and --posts are for files");
            }

            return await RecommendFromDatabaseAsync(postgres, user, count, now, output, run, cancellationToken);
        }

        if (modelPath is null)
        {
            throw new UsageException("'recommend' needs --model FILE (or --postgres CONN)");
        }

        var model = Load(modelPath, run);
        var at = now ?? model.Info.TrainedAt;
        var ranker = new HybridRanker(model, null, new DataClock(at));
        var posts = new Dictionary<string, Post>(StringComparer.Ordinal);
        if (postsPath is not null)
        {
            foreach (var post in DataFiles.ReadPosts(postsPath))
            {
                posts.TryAdd(post.Id, post);
            }

            ranker = ranker.WithPosts(posts.Values);
        }

        var info = model.Info;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{modelPath}: trained at {info.TrainedAt:yyyy-MM-dd HH:mm}Z on {info.Users:N0} users, {info.Posts:N0} posts; ranking at {at:yyyy-MM-dd HH:mm}Z"));
        output.WriteLine(model.Features.Users.IndexOf(user) >= 0
            ? $"{user}: known to the model"
            : $"{user}: new to the model, so a cold-start feed (content quality, popularity, freshness)");
        WriteFeed(output, ranker.Recommend(user, count), posts);
        return ConsoleApp.Ok;
    }

    /// <summary>
    /// Reads the model file given with --model; a file that is not one (a CSV, a truncated or newer file) is a usage
    /// error saying which file, what a model file is and how to make one.
    /// </summary>
    private static RecommenderModel Load(string path, string run)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return RecommenderModel.Load(stream);
        }
        catch (ModelFormatException e)
        {
            throw new UsageException(
                $"--model {path}: {char.ToLowerInvariant(e.Message[0])}{e.Message[1..].TrimEnd('.')}. A model file is the binary that 'train' writes: make one with {run} train --interactions FILE --out model.bin",
                e);
        }
    }

    private static async Task<int> RecommendFromDatabaseAsync(PostgresSettings postgres, string user, int count, DateTimeOffset? now, TextWriter output, string run, CancellationToken cancellationToken)
    {
        await using var database = postgres.Open();
        await postgres.MigrateAsync(database, cancellationToken);
        var tables = postgres.HostTables(database);
        now ??= await DataClock.LatestEngagementAsync(tables, cancellationToken) ?? TimeProvider.System.GetUtcNow();
        await using var host = await RecommenderHost.StartAsync(new DataClock(now.Value), _ => { }, b => postgres.Use(b, database), mlOff: false, cancellationToken);
        var result = await host.Engine.RecommendAsync(user, count, cancellationToken: cancellationToken);
        output.WriteLine(result.Source == RecommendationSource.Fallback
            ? $"served by the heuristic ({result.FallbackReason}{(result.FallbackReason == FallbackReason.NoModel ? $": train one with {run} train --postgres CONN" : string.Empty)})"
            : string.Create(CultureInfo.InvariantCulture, $"served by model version {result.ModelVersion} (schema {postgres.SdkSchema}) at {now:yyyy-MM-dd HH:mm}Z"));
        var posts = (await tables.FindPostsAsync([.. result.Items.Select(i => i.PostId)], cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        WriteFeed(output, result.Items, posts);
        return ConsoleApp.Ok;
    }

    private static void WriteFeed(TextWriter output, IReadOnlyList<RankedPost> items, Dictionary<string, Post> posts)
    {
        if (items.Count == 0)
        {
            output.WriteLine("no posts to recommend (everything known was already seen, or the catalogue is empty)");
            return;
        }

        var idWidth = items.Max(i => i.PostId.Length);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var details = posts.TryGetValue(item.PostId, out var post)
                ? $"  {string.Join(' ', post.Tags.Select(t => "#" + t))}{(post.AuthorId is null ? string.Empty : " by " + post.AuthorId)}"
                : string.Empty;
            var source = item.Source switch
            {
                RecommendationSource.Model => "model",
                RecommendationSource.ColdStart => "cold start",
                _ => "fallback",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1,3}  {item.PostId.PadRight(idWidth)}  {item.Score,7:F3}  {source,-10}{details}"));
            if (item.Reasons.Count > 0)
            {
                output.WriteLine($"     {string.Join("; ", item.Reasons)}");
            }
        }
    }
}

/// <summary>The options of <c>recommend</c>.</summary>
public sealed class RecommendOptions
{
    public Option<string?> Model { get; } = CommandOptions.ExistingFile("--model", "a model file written by 'train' (required unless --postgres)");

    public Option<string?> User { get; } = Required(CommandOptions.Text("--user", "the user (a user the model does not know gets a cold-start feed)", "ID"));

    public Option<int> Count { get; } = CommandOptions.Int("--count", "posts in the feed", 10, 1, 1_000);

    public Option<DateTimeOffset?> Now { get; } = CommandOptions.UnixTime(
        "--now", "the ranking moment, for freshness (default: when the model was trained; with --postgres, the latest engagement)");

    public Option<string?> Posts { get; } = CommandOptions.ExistingFile("--posts", "posts: shows their tags and authors, and adds posts published after training");

    public PostgresOptions Postgres { get; } = new("the feed the database's active model serves (services.AddRecommender().UsePostgres())");

    private static Option<string?> Required(Option<string?> option)
    {
        option.Required = true;
        return option;
    }
}
