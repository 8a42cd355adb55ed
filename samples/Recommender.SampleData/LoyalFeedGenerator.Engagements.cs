using Recommender.Data;

namespace Recommender.SampleData;

public static partial class LoyalFeedGenerator
{
    /// <summary>Below this share of a new post's chance, an old post's view still turns into a like now and then.</summary>
    private const double StaleFloor = 0.3;

    private static Engagement[] CreateEngagements(LoyalFeedOptions options, People people, PostTable posts, Random random)
    {
        var end = options.Start.UtcTicks + TimeSpan.FromDays(options.Days).Ticks;
        var halfLife = TimeSpan.FromHours(options.EngagementHalfLifeHours).Ticks;
        var rows = new List<(long Ticks, Engagement Row)>(options.Users * options.EngagementsPerUser * 11 / 10);
        var seen = new HashSet<long>();
        for (var u = 0; u < people.Ids.Length; u++)
        {
            var target = Math.Max(1, (int)Math.Round(options.EngagementsPerUser * Sampling.LogNormal(random, ActivitySigma)));
            var tastes = people.Tastes[u];
            var followed = people.Followed[u];
            var emitted = 0;
            for (var attempt = 0; emitted < target && attempt < (30 * target) + 100; attempt++)
            {
                // A source (the authors followed for years, the user's topics, anything), a post from it, and the
                // moment the user sees it: the post's age then is drawn with the engagement half-life.
                var pick = random.NextDouble();
                var pool = pick < options.AuthorLoyalty ? (followed.Length > 0 ? posts.ByAuthor[followed[random.Next(followed.Length)]] : null)
                    : pick < options.AuthorLoyalty + ((1 - options.AuthorLoyalty) * TopicShare) ? posts.ByTopic[tastes[Sampling.PickTaste(tastes.Length, random)]]
                    : null;
                var post = pool is null ? random.Next(posts.Items.Length) : pool.Count > 0 ? pool[random.Next(pool.Count)] : -1;
                var age = Age(halfLife, random);
                var now = posts.Created[post < 0 ? 0 : post] + age;
                if (post < 0 || now >= end || posts.Author[post] == u || !seen.Add(Key(u, post, posts)))
                {
                    continue;
                }

                var match = TasteMatch(tastes, posts.Topic[post]);
                var loyal = Array.IndexOf(followed, posts.Author[post]) >= 0 ? 1.0 : 0.0;
                var fresh = Freshness(age, halfLife);
                emitted += Engage(
                    u,
                    post,
                    now,
                    people.IsLurker[u] ? default : new Chances((0.03 + (0.35 * match) + (0.30 * loyal)) * fresh, (0.005 + (0.08 * match) + (0.10 * loyal)) * fresh, (0.003 + (0.05 * match) + (0.06 * loyal)) * fresh),
                    people,
                    posts,
                    random,
                    rows);
            }
        }

        AddBursts(options, people, posts, random, end, seen, rows);
        return Sampling.SortedByTime(rows);
    }

    /// <summary>
    /// The viral posts' bursts: hours after the post appears, a spike of views from users picked at random (whatever
    /// they follow or like), many of which turn into likes and shares.
    /// </summary>
    private static void AddBursts(LoyalFeedOptions options, People people, PostTable posts, Random random, long end, HashSet<long> seen, List<(long, Engagement)> rows)
    {
        var n = people.Ids.Length;
        var burst = TimeSpan.FromHours(options.ViralBurstHours).Ticks;
        for (var post = 0; post < posts.Items.Length; post++)
        {
            if (!posts.Viral[post])
            {
                continue;
            }

            var start = posts.Created[post] + random.NextInt64(TimeSpan.TicksPerHour * 6);
            var viewers = (int)Math.Min(n - 1, Math.Round(options.ViralReach * n * Sampling.LogNormal(random, 0.5)));
            for (var i = 0; i < viewers; i++)
            {
                var u = random.Next(n);
                var now = start + (long)(-Math.Log(1.0 - random.NextDouble()) * burst);
                if (now >= end || posts.Author[post] == u || !seen.Add(Key(u, post, posts)))
                {
                    continue;
                }

                var fresh = Freshness(now - posts.Created[post], TimeSpan.FromHours(options.EngagementHalfLifeHours).Ticks);
                Engage(u, post, now, people.IsLurker[u] ? default : new Chances(0.30 * fresh, 0.04 * fresh, 0.08 * fresh), people, posts, random, rows);
            }
        }
    }

    /// <summary>Emits a view and, by chance, a like, comment and share; returns the rows emitted.</summary>
    private static int Engage(int user, int post, long now, Chances chances, People people, PostTable posts, Random random, List<(long, Engagement)> rows)
    {
        var userId = people.Ids[user];
        var postId = posts.Items[post].Id;
        var count = 1;
        Add(rows, userId, postId, EngagementKind.View, now);
        if (random.NextDouble() < chances.Like)
        {
            Add(rows, userId, postId, EngagementKind.Like, now + random.NextInt64(TimeSpan.TicksPerSecond * 5, TimeSpan.TicksPerMinute * 10));
            count++;
        }

        if (random.NextDouble() < chances.Comment)
        {
            Add(rows, userId, postId, EngagementKind.Comment, now + random.NextInt64(TimeSpan.TicksPerMinute, TimeSpan.TicksPerMinute * 30));
            count++;
        }

        if (random.NextDouble() < chances.Share)
        {
            Add(rows, userId, postId, EngagementKind.Share, now + random.NextInt64(TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour));
            count++;
        }

        return count;
    }

    private static void Add(List<(long, Engagement)> rows, string user, string post, EngagementKind kind, long ticks)
    {
        ticks = Sampling.WholeSeconds(ticks);
        rows.Add((ticks, new Engagement(user, post, kind, new DateTimeOffset(ticks, TimeSpan.Zero))));
    }

    /// <summary>An age (ticks) with the given half-life: exponential, mean half-life / ln 2.</summary>
    private static long Age(long halfLife, Random random) => (long)(-Math.Log(1.0 - random.NextDouble()) * halfLife / Math.Log(2));

    /// <summary>The chance of a like (comment, share) at this age, relative to a new post's: from 1 down to <see cref="StaleFloor"/>.</summary>
    private static double Freshness(long age, long halfLife) => StaleFloor + ((1 - StaleFloor) * Math.Pow(2, -age / (double)halfLife));

    /// <summary>1 for the user's strongest topic, 0.8 and 0.6 for the next ones, 0 off their tastes.</summary>
    private static double TasteMatch(int[] tastes, int topic)
    {
        var rank = Array.IndexOf(tastes, topic);
        return rank < 0 ? 0.0 : 1.0 - (0.2 * rank);
    }

    private static long Key(int user, int post, PostTable posts) => ((long)user * posts.Items.Length) + post;

    /// <summary>The chances that a view turns into a like, a comment, a share; all zero for a lurker.</summary>
    private readonly record struct Chances(double Like, double Comment, double Share);
}
