using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.SampleData;
using Recommender.Training;

namespace Recommender.Core.Tests.Ranking;

/// <summary>
/// A small generated social feed (300 users, 1,200 posts over 14 days, planted tastes) and the model trained on it
/// once for all ranking tests (about half a second). "Now" is the end of the feed.
/// </summary>
internal static class RankingFixtures
{
    private static readonly Lazy<SocialFeed> LazyFeed = new(() => SocialFeedGenerator.Generate(FeedOptions(11)));
    private static readonly Lazy<RecommenderModel> LazyModel = new(() => Train(LazyFeed.Value));

    public static SocialFeed Feed => LazyFeed.Value;

    public static RecommenderModel Model => LazyModel.Value;

    public static DateTimeOffset Now { get; } = SocialFeedDefaults.Start.AddDays(14);

    public static SocialFeedOptions FeedOptions(int seed, int users = 300, int posts = 1_200) => new()
    {
        Users = users,
        Posts = posts,
        Days = 14,
        EngagementsPerUser = 30,
        Seed = seed,
    };

    public static FakeTimeProvider Clock() => new(Now);

    public static RecommenderOptions SmallOptions(int seed = 1)
    {
        var options = new RecommenderOptions();
        options.Collaborative.Factors = 16;
        options.Collaborative.MaxIterations = 30;
        options.Collaborative.Seed = seed;
        return options;
    }

    public static RecommenderTrainer Trainer(RecommenderOptions? options = null) => new(options ?? SmallOptions(), null, Clock());

    public static RecommenderModel Train(SocialFeed feed, RecommenderOptions? options = null) =>
        Trainer(options).Fit(feed.Users, feed.Posts, feed.Engagements, feed.Follows, null, TestContext.Current.CancellationToken);

    public static HybridRanker Ranker(RankingOptions? options = null, RecommenderModel? model = null) =>
        new(model ?? Model, options, Clock());

    /// <summary>The known users, most engagements first.</summary>
    public static IReadOnlyList<string> ActiveUsers(int count)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in Feed.Engagements)
        {
            counts[e.UserId] = counts.GetValueOrDefault(e.UserId) + 1;
        }

        return [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(count).Select(kv => kv.Key)];
    }

    /// <summary>The posts of the last <paramref name="days"/> days (a feed's usual candidates).</summary>
    public static Post[] RecentPosts(double days) =>
        [.. Feed.Posts.Where(p => p.CreatedAt >= Now.AddDays(-days))];

    /// <summary>Posts the model has never seen, on a topic, by an existing author, published just now.</summary>
    public static Post NewPost(string id, string? author, params string[] tags) =>
        new(id, author, Now.AddMinutes(-10)) { Tags = tags, Text = "A brand new post" };
}
