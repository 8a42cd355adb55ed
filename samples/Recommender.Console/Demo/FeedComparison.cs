using System.Globalization;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.ConsoleSample.Demo;

/// <summary>One user's feed from the model and from the heuristic.</summary>
public sealed record UserFeeds(string UserId, string Activity, RecommendationResult Model, RecommendationResult Heuristic);

/// <summary>
/// Shows a few users' feeds from the trained model next to what the heuristic (the same host with the
/// <c>mlRecommendations</c> flag off) would have shown, with what the reader needs to judge them: the user's tastes
/// (planted by the generator, or read from their history), the authors they follow, and each post's topic and author.
/// </summary>
public static class FeedComparison
{
    /// <summary>
    /// Users spread over activity, busiest first: with three, one busier than five in six users, a median one, and a
    /// light one. Deterministic for the data.
    /// </summary>
    public static IReadOnlyList<(string UserId, string Activity)> PickUsers(DemoData data, int count)
    {
        var activity = data.Engagements.GroupBy(e => e.UserId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Count: g.Count()))
            .OrderByDescending(u => u.Count).ThenBy(u => u.Id, StringComparer.Ordinal)
            .ToList();
        var picked = new List<(string, string)>();
        for (var i = 0; i < count && i < activity.Count; i++)
        {
            var (id, n) = activity[(int)((i + 0.5) / count * activity.Count)];
            var fewer = activity.Count(u => u.Count < n) / (double)activity.Count;
            picked.Add((id, string.Create(CultureInfo.InvariantCulture, $"{n} engagements, more than {fewer:P0} of users").Replace(" %", "%", StringComparison.Ordinal)));
        }

        return picked;
    }

    public static async Task<IReadOnlyList<UserFeeds>> ServeAsync(IRecommender model, IRecommender heuristic, IReadOnlyList<(string UserId, string Activity)> users, int length, CancellationToken cancellationToken)
    {
        var feeds = new List<UserFeeds>();
        foreach (var (user, activity) in users)
        {
            var ml = await model.RecommendAsync(user, length, cancellationToken: cancellationToken);
            var fallback = await heuristic.RecommendAsync(user, length, cancellationToken: cancellationToken);
            feeds.Add(new UserFeeds(user, activity, ml, fallback));
        }

        return feeds;
    }

    public static void Write(TextWriter output, DemoData data, IReadOnlyList<UserFeeds> feeds)
    {
        foreach (var feed in feeds)
        {
            output.WriteLine();
            WriteUser(output, data, feed);
        }
    }

    private static void WriteUser(TextWriter output, DemoData data, UserFeeds feed)
    {
        var user = feed.UserId;
        var planted = data.Profiles.TryGetValue(user, out var profile);
        var history = HistoryTopics(data, user);
        var tastes = planted ? profile!.Topics : [.. history.Take(3).Select(t => t.Topic)];
        var follows = data.Follows.Where(f => f.FollowerId == user).Select(f => f.FolloweeId).ToHashSet(StringComparer.Ordinal);

        var name = planted ? $" ({profile!.Name})" : string.Empty;
        output.WriteLine($"{user}{name}: {feed.Activity}");
        output.WriteLine($"  tastes{(planted ? " (planted)" : " (from history)")}: {string.Join(", ", tastes)}; follows: {(follows.Count == 0 ? "nobody" : string.Join(", ", follows.Order(StringComparer.Ordinal)))}");
        output.WriteLine($"  history by topic: {string.Join(", ", history.Take(5).Select(t => $"{t.Topic} {t.Count}"))}");
        if (feed.Model.Source == RecommendationSource.Fallback)
        {
            output.WriteLine($"  (the model did not answer: {feed.Model.FallbackReason}; the heuristic served both columns)");
        }

        var rows = new List<string[]> { new[] { "#", "model", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, "|", "heuristic (ML off)", string.Empty, string.Empty, string.Empty, string.Empty } };
        var reasons = new List<string>();
        var length = Math.Max(feed.Model.Items.Count, feed.Heuristic.Items.Count);
        for (var i = 0; i < length; i++)
        {
            var row = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture) };
            row.AddRange(i < feed.Model.Items.Count ? Cells(data, feed.Model.Items[i], tastes, follows, withSource: true) : Blank(6));
            row.Add("|");
            row.AddRange(i < feed.Heuristic.Items.Count ? Cells(data, feed.Heuristic.Items[i], tastes, follows, withSource: false) : Blank(5));
            rows.Add([.. row]);
            reasons.Add(i < feed.Model.Items.Count && feed.Model.Items[i].Reasons.Count > 0 ? string.Join("; ", feed.Model.Items[i].Reasons) : string.Empty);
        }

        var widths = new int[rows[0].Length];
        foreach (var row in rows.Skip(1))
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        // The header's labels span their cells.
        output.WriteLine("  " + string.Join(" ", rows[0][0].PadLeft(widths[0]), rows[0][1].PadRight(widths[1..7].Sum() + 5), "|", rows[0][8]));
        for (var r = 1; r < rows.Count; r++)
        {
            var cells = rows[r].Select((cell, c) => c is 0 or 2 or 9 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine("  " + string.Join(" ", cells).TrimEnd());
            if (reasons[r - 1].Length > 0)
            {
                output.WriteLine($"  {new string(' ', widths[0] + 1)}  {reasons[r - 1]}");
            }
        }

        output.WriteLine("  " + Tally(data, feed, tastes, follows));
    }

    /// <summary>id, score, [source,] topic (* when one of the user's tastes), a second tag, author (^ when followed).</summary>
    private static string[] Cells(DemoData data, RankedPost item, IReadOnlyList<string> tastes, HashSet<string> follows, bool withSource)
    {
        data.PostsById.TryGetValue(item.PostId, out var post);
        var topic = Topic(post);
        var tag = post is { Tags.Count: > 1 } ? "#" + post.Tags[1] : string.Empty;
        var author = post?.AuthorId ?? "?";
        string[] cells =
        [
            item.PostId,
            item.Score.ToString("F3", CultureInfo.InvariantCulture),
            SourceName(item.Source),
            topic + (tastes.Contains(topic) ? "*" : string.Empty),
            tag,
            "by " + author + (follows.Contains(author) ? "^" : string.Empty),
        ];
        return withSource ? cells : [cells[0], cells[1], cells[3], cells[4], cells[5]];
    }

    private static string Tally(DemoData data, UserFeeds feed, IReadOnlyList<string> tastes, HashSet<string> follows)
    {
        (int Taste, int Followed, int Count) Count(RecommendationResult result)
        {
            var posts = result.Items.Select(i => data.PostsById.GetValueOrDefault(i.PostId)).ToList();
            return (posts.Count(p => tastes.Contains(Topic(p))), posts.Count(p => p?.AuthorId is { } a && follows.Contains(a)), posts.Count);
        }

        var (mt, mf, mn) = Count(feed.Model);
        var (ht, hf, hn) = Count(feed.Heuristic);
        return $"on the user's tastes (*): model {mt}/{mn}, heuristic {ht}/{hn}; by authors they follow (^): model {mf}/{mn}, heuristic {hf}/{hn}";
    }

    /// <summary>The user's engaged posts by topic (first tag), most first; each post counted once.</summary>
    private static List<(string Topic, int Count)> HistoryTopics(DemoData data, string user) =>
        [.. data.Engagements.Where(e => e.UserId == user).Select(e => e.PostId).Distinct(StringComparer.Ordinal)
            .Select(id => Topic(data.PostsById.GetValueOrDefault(id)))
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)];

    private static string Topic(Post? post) => post is { Tags.Count: > 0 } ? post.Tags[0] : "(untagged)";

    private static string SourceName(RecommendationSource source) => source switch
    {
        RecommendationSource.Model => "model",
        RecommendationSource.ColdStart => "cold start",
        _ => "fallback",
    };

    private static string[] Blank(int n) => [.. Enumerable.Repeat(string.Empty, n)];
}
