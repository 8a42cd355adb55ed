using System.Globalization;
using Recommender.ConsoleSample.Cli;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// <c>recommender recommend</c>: a model file and a user in, the user's feed out (each post with its score, source
/// and reasons); or, with <c>--postgres</c>, the feed the database's active model serves through
/// <c>services.AddRecommender().UsePostgres()</c>.
/// </summary>
public static class RecommendCommand
{
    private static readonly string[] Known = ["model", "user", "count", "now", "posts", .. PostgresSettings.Options];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var a = CommandLineArguments.Parse("recommend", args, Known);
        if (a.Help)
        {
            output.Write(HelpText.Recommend);
            return ConsoleApp.Ok;
        }

        var user = a.GetRequiredString("user");
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new UsageException("--user must name a user");
        }

        var count = a.GetInt("count", 10, 1, 1_000);
        var now = a.GetUnixTime("now");
        var postgres = PostgresSettings.From(a);
        if (postgres is not null)
        {
            if (a.GetString("model") is not null || a.GetString("posts") is not null)
            {
                throw new UsageException("--postgres serves the database's active model: --model and --posts are for files");
            }

            return await RecommendFromDatabaseAsync(postgres, user, count, now, output, cancellationToken);
        }

        var modelPath = a.GetExistingFile("model") ?? throw new UsageException("'recommend' needs --model FILE (or --postgres CONN)");
        var postsPath = a.GetExistingFile("posts");
        RecommenderModel model;
        await using (var stream = File.OpenRead(modelPath))
        {
            model = RecommenderModel.Load(stream);
        }

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

    private static async Task<int> RecommendFromDatabaseAsync(PostgresSettings postgres, string user, int count, DateTimeOffset? now, TextWriter output, CancellationToken cancellationToken)
    {
        await using var database = postgres.Open();
        await postgres.MigrateAsync(database, cancellationToken);
        var tables = postgres.HostTables(database);
        now ??= await DataClock.LatestEngagementAsync(tables, cancellationToken) ?? TimeProvider.System.GetUtcNow();
        await using var host = await RecommenderHost.StartAsync(new DataClock(now.Value), _ => { }, b => postgres.Use(b, database), mlOff: false, cancellationToken);
        var result = await host.Engine.RecommendAsync(user, count, cancellationToken: cancellationToken);
        output.WriteLine(result.Source == RecommendationSource.Fallback
            ? $"served by the heuristic ({result.FallbackReason}{(result.FallbackReason == FallbackReason.NoModel ? ": train one with recommender train --postgres CONN" : string.Empty)})"
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
