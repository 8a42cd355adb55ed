using Recommender.Data;

namespace Recommender.Extensions.DI.Tests.TestSupport;

/// <summary>A small deterministic feed: groups of users who engage with their own group's posts, in the weeks before <see cref="Now"/>.</summary>
internal static class TestFeed
{
    /// <summary>The fake clock's start in every test: a Sunday, midnight UTC (01:00 in Berlin, winter time).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public const int Groups = 3;

    public const int UsersPerGroup = 10;

    public const int PostsPerGroup = 20;

    public static InMemoryDataSource Create(int seed = 7)
    {
        var random = new Random(seed);
        var users = new List<User>();
        var posts = new List<Post>();
        var engagements = new List<Engagement>();
        var kinds = new[] { EngagementKind.View, EngagementKind.Like, EngagementKind.Comment, EngagementKind.Share };
        for (var g = 0; g < Groups; g++)
        {
            for (var p = 0; p < PostsPerGroup; p++)
            {
                posts.Add(new Post(PostId(g, p), $"author{g}-{p % 3}", Now.AddDays(-30).AddHours(p * 12 + g)) { Tags = [$"topic{g}", $"sub{g}-{p % 4}"], Text = $"post {p} about topic {g}" });
            }

            for (var u = 0; u < UsersPerGroup; u++)
            {
                users.Add(new User(UserId(g, u)) { CreatedAt = Now.AddDays(-60) });
                for (var p = 0; p < PostsPerGroup; p++)
                {
                    if (random.NextDouble() < 0.45)
                    {
                        engagements.Add(new Engagement(UserId(g, u), PostId(g, p), kinds[random.Next(kinds.Length)], Now.AddMinutes(-random.Next(1, 60 * 24 * 14))));
                    }
                }
            }
        }

        return new InMemoryDataSource(users, posts, engagements);
    }

    public static string UserId(int group, int user) => $"u{group}-{user}";

    public static string PostId(int group, int post) => $"p{group}-{post}";

    /// <summary>Every post of every group: candidates for a ranking request.</summary>
    public static IReadOnlyList<string> AllPostIds()
    {
        var ids = new List<string>();
        for (var g = 0; g < Groups; g++)
        {
            for (var p = 0; p < PostsPerGroup; p++)
            {
                ids.Add(PostId(g, p));
            }
        }

        return ids;
    }
}
