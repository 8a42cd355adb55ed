using Recommender.Data;

namespace Recommender.Benchmarks.Data;

/// <summary>
/// Engagements with planted structure for benchmarks: users and posts belong to one of 40 topics, a user engages
/// with posts of their topic four times out of five, post popularity within a topic follows a Zipf-like law.
/// </summary>
internal static class SyntheticEngagements
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static Engagement[] Generate(int users, int posts, int count, int seed)
    {
        const int Topics = 40;
        var random = new Random(seed);
        var kinds = new[] { EngagementKind.View, EngagementKind.View, EngagementKind.View, EngagementKind.Like, EngagementKind.Like, EngagementKind.Comment, EngagementKind.Share };
        var postsPerTopic = Math.Max(1, posts / Topics);
        var userIds = new string[users];
        for (var u = 0; u < users; u++)
        {
            userIds[u] = "u" + u;
        }

        var postIds = new string[posts];
        for (var p = 0; p < posts; p++)
        {
            postIds[p] = "p" + p;
        }

        var result = new Engagement[count];
        for (var i = 0; i < count; i++)
        {
            var u = random.Next(users);
            var topic = random.Next(5) < 4 ? u % Topics : random.Next(Topics);
            // Zipf-like rank within the topic: rank = floor(n^r) for uniform r.
            var rank = (int)Math.Pow(postsPerTopic, random.NextDouble()) - 1;
            var p = Math.Min(posts - 1, (rank * Topics) + topic);
            result[i] = new Engagement(userIds[u], postIds[p], kinds[random.Next(kinds.Length)], Now.AddMinutes(-random.Next(60 * 24 * 28)));
        }

        return result;
    }
}
