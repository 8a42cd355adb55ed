using Recommender.Data;

namespace Recommender.SampleData;

public static partial class SocialFeedGenerator
{
    private static Engagement[] CreateEngagements(SocialFeedOptions options, People people, PostTable posts, Random random)
    {
        var start = options.Start.UtcTicks;
        var span = TimeSpan.FromDays(options.Days).Ticks;
        var meanAge = TimeSpan.FromDays(MeanAgeDays).Ticks;
        var everything = Enumerable.Range(0, posts.Items.Length).ToList();
        var rows = new List<(long Ticks, Engagement Row)>(options.Users * options.EngagementsPerUser * 11 / 10);
        var viewed = new HashSet<int>();
        for (var u = 0; u < people.Ids.Length; u++)
        {
            var target = Math.Max(1, (int)Math.Round(options.EngagementsPerUser * Sampling.LogNormal(random, ActivitySigma)));
            var tastes = people.Tastes[u];
            var favourites = people.Favourites[u];
            viewed.Clear();
            var emitted = 0;
            for (var attempt = 0; emitted < target && attempt < (30 * target) + 100; attempt++)
            {
                // A moment, a source (the user's topics, a favourite author, anything), then a fairly fresh post from it.
                var now = start + (long)(random.NextDouble() * span);
                var pick = random.NextDouble();
                var pool = pick < TastePick ? posts.ByTopic[tastes[Sampling.PickTaste(tastes.Length, random)]]
                    : pick < FavouritePick && favourites.Length > 0 ? posts.ByAuthor[favourites[random.Next(favourites.Length)]]
                    : everything;
                var age = (long)(-Math.Log(1.0 - random.NextDouble()) * meanAge);
                var index = Sampling.LastCreatedAtOrBefore(pool, posts.Created, now - age);
                if (index < 0)
                {
                    continue;
                }

                var post = pool[index];
                if (posts.Author[post] == u || !viewed.Add(post))
                {
                    continue;
                }

                emitted += Engage(u, post, now, people, posts, random, rows);
            }
        }

        return Sampling.SortedByTime(rows);
    }

    /// <summary>Emits a view and, by chance, a like, comment and share; returns the rows emitted.</summary>
    private static int Engage(int user, int post, long now, People people, PostTable posts, Random random, List<(long, Engagement)> rows)
    {
        var tasteRank = Array.IndexOf(people.Tastes[user], posts.Topic[post]);
        var match = tasteRank < 0 ? 0.0 : 1.0 - (0.2 * tasteRank);
        var favourite = Array.IndexOf(people.Favourites[user], posts.Author[post]) >= 0 ? 1.0 : 0.0;
        var ageDays = (now - posts.Created[post]) / (double)TimeSpan.TicksPerDay;
        var freshness = 0.4 + (0.6 * Math.Exp(-ageDays / 2));
        var userId = people.Ids[user];
        var postId = posts.Items[post].Id;
        var count = 1;
        Add(rows, userId, postId, EngagementKind.View, now);
        if (random.NextDouble() < (0.02 + (0.35 * match) + (0.25 * favourite)) * freshness)
        {
            Add(rows, userId, postId, EngagementKind.Like, now + random.NextInt64(TimeSpan.TicksPerSecond * 5, TimeSpan.TicksPerMinute * 10));
            count++;
        }

        if (random.NextDouble() < (0.005 + (0.08 * match) + (0.10 * favourite)) * freshness)
        {
            Add(rows, userId, postId, EngagementKind.Comment, now + random.NextInt64(TimeSpan.TicksPerMinute, TimeSpan.TicksPerMinute * 30));
            count++;
        }

        if (random.NextDouble() < (0.003 + (0.05 * match) + (0.06 * favourite)) * freshness)
        {
            Add(rows, userId, postId, EngagementKind.Share, now + random.NextInt64(TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour));
            count++;
        }

        return count;
    }

    private static void Add(List<(long, Engagement)> rows, string user, string post, EngagementKind kind, long ticks)
    {
        ticks -= ticks % TimeSpan.TicksPerSecond;
        rows.Add((ticks, new Engagement(user, post, kind, new DateTimeOffset(ticks, TimeSpan.Zero))));
    }
}
