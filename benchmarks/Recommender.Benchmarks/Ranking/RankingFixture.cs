using System.Diagnostics;
using Recommender.Benchmarks.Data;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.SampleData;
using Recommender.Training;

namespace Recommender.Benchmarks.Ranking;

/// <summary>
/// The ranking benchmarks' data: a generated social feed of 10,000 users and 100,000 posts over 30 days with about
/// 300,000 engagements (planted tastes, follows), and the <see cref="RecommenderModel"/> trained on it with the default
/// options (50 NMF factors, learned blend). Training takes a while, so the model is cached in the temp directory per
/// build of Recommender.Core (BenchmarkDotNet runs each benchmark in its own process).
/// </summary>
internal static class RankingFixture
{
    public static readonly SocialFeedOptions FeedOptions = new()
    {
        Users = 10_000,
        Posts = 100_000,
        Days = 30,
        EngagementsPerUser = 30,
        Seed = 42,
    };

    public static DateTimeOffset Now { get; } = SocialFeedDefaults.Start.AddDays(30);

    public static (SocialFeed Feed, RecommenderModel Model) Load()
    {
        var feed = SocialFeedGenerator.Generate(FeedOptions);
        var version = typeof(RecommenderModel).Assembly.ManifestModule.ModuleVersionId;
        var path = Path.Combine(Path.GetTempPath(), "recommender-benchmarks", $"ranking-{version:N}.rcm");
        if (File.Exists(path))
        {
            using var file = File.OpenRead(path);
            return (feed, RecommenderModel.Load(file));
        }

        var watch = Stopwatch.StartNew();
        var model = new RecommenderTrainer(null, null, new FixedTime(Now)).Fit(feed.Users, feed.Posts, feed.Engagements, feed.Follows);
        Console.WriteLine($"// trained on {feed.Engagements.Count:N0} engagements in {watch.Elapsed.TotalSeconds:F1} s: {model.Info}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Environment.ProcessId;
        using (var file = File.Create(temporary))
        {
            model.Save(file);
        }

        File.Move(temporary, path, overwrite: true);
        return (feed, model);
    }

    /// <summary>A known user at about the 90th percentile of activity (profile, factors, follows, author shares).</summary>
    public static string KnownUser(SocialFeed feed)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in feed.Engagements)
        {
            counts[e.UserId] = counts.GetValueOrDefault(e.UserId) + 1;
        }

        var ordered = counts.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        return ordered[ordered.Length * 9 / 10].Key;
    }

    /// <summary>
    /// A feed's candidates: <paramref name="known"/> posts of the last three days the model knows, and
    /// <paramref name="fresh"/> posts published after training (tags, author and text; the model must vectorise them).
    /// </summary>
    public static Post[] Candidates(SocialFeed feed, int known, int fresh, int seed)
    {
        var random = new Random(seed);
        var recent = feed.Posts.Where(p => p.CreatedAt >= Now.AddDays(-3)).ToArray();
        var candidates = new List<Post>(known + fresh);
        foreach (var i in Enumerable.Range(0, recent.Length).OrderBy(_ => random.Next()).Take(known))
        {
            candidates.Add(recent[i]);
        }

        for (var i = 0; i < fresh; i++)
        {
            var template = recent[random.Next(recent.Length)];
            candidates.Add(template with { Id = $"fresh-{seed}-{i}", CreatedAt = Now.AddMinutes(-random.Next(1, 120)) });
        }

        return [.. candidates.OrderBy(_ => random.Next())];
    }
}
