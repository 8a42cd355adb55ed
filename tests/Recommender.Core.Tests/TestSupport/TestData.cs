using Recommender.Data;

namespace Recommender.Core.Tests.TestSupport;

/// <summary>Small generated data sets with known structure.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Users in <paramref name="groups"/> groups; each group engages only with its own block of posts
    /// (each user with a random <paramref name="density"/> share of the block).
    /// </summary>
    public static List<Engagement> Blocks(int groups, int usersPerGroup, int postsPerGroup, double density, int seed)
    {
        var random = new Random(seed);
        var list = new List<Engagement>();
        for (var g = 0; g < groups; g++)
        {
            for (var u = 0; u < usersPerGroup; u++)
            {
                for (var p = 0; p < postsPerGroup; p++)
                {
                    if (random.NextDouble() < density)
                    {
                        list.Add(new Engagement($"u{g}-{u}", $"p{g}-{p}", EngagementKind.Like, Epoch));
                    }
                }
            }
        }

        return list;
    }

    /// <summary>Random sparse engagements of random kinds over a few weeks.</summary>
    public static List<Engagement> Random(int users, int posts, int count, int seed)
    {
        var random = new Random(seed);
        var kinds = new[] { EngagementKind.View, EngagementKind.Like, EngagementKind.Comment, EngagementKind.Share };
        var list = new List<Engagement>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(new Engagement(
                $"u{random.Next(users)}",
                $"p{random.Next(posts)}",
                kinds[random.Next(kinds.Length)],
                Epoch.AddMinutes(random.Next(60 * 24 * 21))));
        }

        return list;
    }
}
