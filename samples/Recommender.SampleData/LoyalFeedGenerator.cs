using System.Globalization;
using Bogus;
using Recommender.Data;

namespace Recommender.SampleData;

/// <summary>
/// Generates the loyal world, a social network of another shape than <see cref="SocialFeedGenerator"/>'s, deterministically
/// from a seed. Its mechanisms, each with its own option in <see cref="LoyalFeedOptions"/>:
/// <list type="bullet">
/// <item><b>Long-term loyalty</b> (<see cref="LoyalFeedOptions.AuthorLoyalty"/>): every user follows 2-5 authors since
/// months or years before the data starts and, for the whole span (months), sends a fixed share of their views to those
/// authors' posts; most of the rest goes to their 1-3 topics, which never change. What a user did three months ago
/// says as much about today as what they did yesterday.</item>
/// <item><b>Engagement falling with post age</b> (<see cref="LoyalFeedOptions.EngagementHalfLifeHours"/>): a post is
/// viewed at an age drawn with that half-life, and a view turns into a like, comment or share less often as the post ages.</item>
/// <item><b>Lurkers</b> (<see cref="LoyalFeedOptions.LurkerFraction"/>): users who only view.</item>
/// <item><b>Virality bursts</b> (<see cref="LoyalFeedOptions.ViralFraction"/>, <see cref="LoyalFeedOptions.ViralReach"/>,
/// <see cref="LoyalFeedOptions.ViralBurstHours"/>): a few posts get, hours after they appear, a spike of views and likes
/// from users picked at random, mostly people who neither follow the author nor like the topic.</item>
/// </list>
/// Users are active evenly over the days (a few far more than others); authors post on their own one or two topics,
/// some much more than others. The output is the same <see cref="SocialFeed"/> the demo's world gives, so that every
/// command works on either.
/// </summary>
/// <remarks>One pass, O(1) per engagement: the default size (about 130,000 rows) takes well under a second.</remarks>
public static partial class LoyalFeedGenerator
{
    /// <summary>The share of a user's non-loyal views that follow their topics (the rest: any post).</summary>
    private const double TopicShare = 0.8;
    private const double ActivitySigma = 0.7;

    /// <summary>Generates a feed.</summary>
    /// <param name="options">The sizes, mechanisms and seed; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static SocialFeed Generate(LoyalFeedOptions? options = null)
    {
        options ??= new LoyalFeedOptions();
        options.Validate();
        var random = new Random(options.Seed);
        var topics = TopicCatalog.All.Take(options.Topics).ToArray();
        var people = CreatePeople(options, topics.Length, random);
        var posts = CreatePosts(options, topics, people, random);
        var engagements = CreateEngagements(options, people, posts, random);
        var follows = CreateFollows(options, people, random);

        var profiles = new SampleUserProfile[people.Ids.Length];
        var users = new User[people.Ids.Length];
        for (var u = 0; u < users.Length; u++)
        {
            users[u] = new User(people.Ids[u]) { CreatedAt = people.CreatedAt[u] };
            profiles[u] = new SampleUserProfile(
                people.Ids[u],
                people.Names[u],
                [.. people.Tastes[u].Select(t => topics[t].Name)],
                [.. people.Followed[u].Select(a => people.Ids[a])],
                people.IsAuthor[u])
            {
                IsLurker = people.IsLurker[u],
            };
        }

        return new SocialFeed(users, posts.Items, engagements, follows, profiles, [.. topics.Select(t => t.Name)]);
    }

    private static People CreatePeople(LoyalFeedOptions options, int topicCount, Random random)
    {
        var n = options.Users;
        var width = n.ToString(CultureInfo.InvariantCulture).Length;
        var faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        var people = new People(n);

        // Topics differ in popularity: topic t is chosen with weight 1 / (1 + 0.15 t). Accounts are months to years old.
        var topicWeights = Enumerable.Range(0, topicCount).Select(t => 1.0 / (1 + (0.15 * t))).ToArray();
        for (var u = 0; u < n; u++)
        {
            people.Ids[u] = "u" + (u + 1).ToString("D" + width, CultureInfo.InvariantCulture);
            people.Names[u] = faker.Name.FullName();
            people.CreatedAt[u] = options.Start - TimeSpan.FromDays(60 + random.Next(1_500));
            var count = Math.Min(topicCount, random.NextDouble() switch { < 0.4 => 1, < 0.8 => 2, _ => 3 });
            people.Tastes[u] = Sampling.PickDistinct(topicWeights, count, random);
        }

        // Authors first, then lurkers among the others: a lurker never writes.
        var authorCount = Math.Max(1, (int)Math.Round(n * options.AuthorFraction));
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        people.Authors = order[..authorCount];
        Array.Sort(people.Authors);
        var lurkers = Math.Min(n - authorCount, (int)Math.Round(n * options.LurkerFraction));
        foreach (var u in order.AsSpan(authorCount, lurkers))
        {
            people.IsLurker[u] = true;
        }

        var byTopic = Enumerable.Range(0, topicCount).Select(_ => new List<int>()).ToArray();
        foreach (var a in people.Authors)
        {
            people.IsAuthor[a] = true;
            var tastes = people.Tastes[a];
            people.AuthorTopics[a] = tastes.Length > 1 && random.NextDouble() < 0.5 ? tastes[..2] : tastes[..1];
            people.AuthorWeight[a] = Sampling.LogNormal(random, 1.0);
            foreach (var t in people.AuthorTopics[a])
            {
                byTopic[t].Add(a);
            }
        }

        // Followed authors: 2-5, mostly among authors who write on one of the user's topics, each since long ago.
        for (var u = 0; u < n; u++)
        {
            var wanted = Math.Min(2 + random.Next(4), authorCount - (people.IsAuthor[u] ? 1 : 0));
            var matching = people.Tastes[u].SelectMany(t => byTopic[t]).Where(a => a != u).Distinct().ToArray();
            var followed = new List<int>(wanted);
            for (var attempt = 0; followed.Count < wanted && attempt < 50; attempt++)
            {
                var a = matching.Length > 0 && random.NextDouble() < 0.9
                    ? matching[random.Next(matching.Length)]
                    : people.Authors[random.Next(authorCount)];
                if (a != u && !followed.Contains(a))
                {
                    followed.Add(a);
                }
            }

            people.Followed[u] = [.. followed];
        }

        return people;
    }

    private static PostTable CreatePosts(LoyalFeedOptions options, TopicCatalog.Topic[] topics, People people, Random random)
    {
        var n = options.Posts;
        var authors = people.Authors;
        var cumulative = new double[authors.Length];
        var total = 0.0;
        for (var i = 0; i < authors.Length; i++)
        {
            total += people.AuthorWeight[authors[i]];
            cumulative[i] = total;
        }

        var span = TimeSpan.FromDays(options.Days).Ticks;
        var created = new long[n];
        var author = new int[n];
        var topic = new int[n];
        for (var p = 0; p < n; p++)
        {
            created[p] = Sampling.WholeSeconds(options.Start.UtcTicks + (long)(random.NextDouble() * span));
            var i = Array.BinarySearch(cumulative, random.NextDouble() * total);
            author[p] = authors[Math.Min(i < 0 ? ~i : i, authors.Length - 1)];
            var own = people.AuthorTopics[author[p]];
            topic[p] = own[random.Next(own.Length)];
        }

        // Posts in creation order; ids follow it. Which posts go viral is decided here.
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(created.ToArray(), order);
        var table = new PostTable(n, topics.Length, people.Ids.Length);
        var width = n.ToString(CultureInfo.InvariantCulture).Length;
        for (var p = 0; p < n; p++)
        {
            var source = order[p];
            table.Created[p] = created[source];
            table.Author[p] = author[source];
            table.Topic[p] = topic[source];
            table.Viral[p] = random.NextDouble() < options.ViralFraction;
            var t = topics[topic[source]];
            table.Items[p] = new Post(
                "p" + (p + 1).ToString("D" + width, CultureInfo.InvariantCulture),
                people.Ids[author[source]],
                new DateTimeOffset(created[source], TimeSpan.Zero))
            {
                Tags = TopicCatalog.Tags(t, random),
                Text = TopicCatalog.Text(t, random),
            };
            table.ByTopic[topic[source]].Add(p);
            table.ByAuthor[author[source]].Add(p);
        }

        return table;
    }

    private static Follow[] CreateFollows(LoyalFeedOptions options, People people, Random random)
    {
        var follows = new List<Follow>();
        var latest = options.Start - TimeSpan.FromDays(30);
        for (var u = 0; u < people.Ids.Length; u++)
        {
            var followed = new List<int>(people.Followed[u]);
            if (random.NextDouble() < 0.3)
            {
                var extra = people.Authors[random.Next(people.Authors.Length)];
                if (extra != u && !followed.Contains(extra))
                {
                    followed.Add(extra);
                }
            }

            // Since a moment between the account's creation and a month before the data starts.
            var days = Math.Max(1, (int)(latest - people.CreatedAt[u]).TotalDays);
            foreach (var a in followed)
            {
                follows.Add(new Follow(people.Ids[u], people.Ids[a], people.CreatedAt[u] + TimeSpan.FromDays(random.Next(days))));
            }
        }

        return [.. follows];
    }

    private sealed class People(int n)
    {
        public string[] Ids { get; } = new string[n];
        public string[] Names { get; } = new string[n];
        public DateTimeOffset[] CreatedAt { get; } = new DateTimeOffset[n];
        public int[][] Tastes { get; } = new int[n][];
        public int[][] Followed { get; } = new int[n][];
        public bool[] IsAuthor { get; } = new bool[n];
        public bool[] IsLurker { get; } = new bool[n];
        public int[][] AuthorTopics { get; } = new int[n][];
        public double[] AuthorWeight { get; } = new double[n];
        public int[] Authors { get; set; } = [];
    }

    private sealed class PostTable(int n, int topics, int users)
    {
        public Post[] Items { get; } = new Post[n];
        public long[] Created { get; } = new long[n];
        public int[] Author { get; } = new int[n];
        public int[] Topic { get; } = new int[n];
        public bool[] Viral { get; } = new bool[n];
        public List<int>[] ByTopic { get; } = [.. Enumerable.Range(0, topics).Select(_ => new List<int>())];
        public List<int>[] ByAuthor { get; } = [.. Enumerable.Range(0, users).Select(_ => new List<int>())];
    }
}
