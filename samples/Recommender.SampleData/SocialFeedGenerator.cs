using System.Globalization;
using Bogus;
using Recommender.Data;

namespace Recommender.SampleData;

/// <summary>
/// Generates a social network with planted structure, deterministically from a seed. Users like 1-3 topics and have
/// a few favourite authors (whom they follow); authors post on their own topics; over the days, users view posts
/// chosen mostly from their topics and favourite authors, mostly fresh ones, and like, comment on and share them with
/// a probability that rises with topic match and author affinity and falls with the post's age.
/// </summary>
/// <remarks>About a million engagements take a few seconds (one pass, O(log posts) per engagement).</remarks>
public static partial class SocialFeedGenerator
{
    private const double TastePick = 0.6;
    private const double FavouritePick = 0.85;
    private const double MeanAgeDays = 1.5;
    private const double ActivitySigma = 0.7;

    /// <summary>Generates a feed.</summary>
    /// <param name="options">The sizes and the seed; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static SocialFeed Generate(SocialFeedOptions? options = null)
    {
        options ??= new SocialFeedOptions();
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
                [.. people.Favourites[u].Select(a => people.Ids[a])],
                people.IsAuthor[u]);
        }

        return new SocialFeed(users, posts.Items, engagements, follows, profiles, [.. topics.Select(t => t.Name)]);
    }

    private static People CreatePeople(SocialFeedOptions options, int topicCount, Random random)
    {
        var n = options.Users;
        var width = n.ToString(CultureInfo.InvariantCulture).Length;
        var faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        var people = new People(n);

        // Topics differ in popularity: topic t is chosen with weight 1 / (1 + 0.15 t).
        var topicWeights = Enumerable.Range(0, topicCount).Select(t => 1.0 / (1 + (0.15 * t))).ToArray();
        for (var u = 0; u < n; u++)
        {
            people.Ids[u] = "u" + (u + 1).ToString("D" + width, CultureInfo.InvariantCulture);
            people.Names[u] = faker.Name.FullName();
            people.CreatedAt[u] = options.Start - TimeSpan.FromDays(7 + random.Next(720));
            var count = Math.Min(topicCount, random.NextDouble() switch { < 0.4 => 1, < 0.8 => 2, _ => 3 });
            people.Tastes[u] = Sampling.PickDistinct(topicWeights, count, random);
        }

        // Authors: a random share of the users; they write on their first one or two tastes, some much more than others.
        var authorCount = Math.Max(1, (int)Math.Round(n * options.AuthorFraction));
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        people.Authors = order[..authorCount];
        Array.Sort(people.Authors);
        var byTopic = Enumerable.Range(0, topicCount).Select(_ => new List<int>()).ToArray();
        foreach (var a in people.Authors)
        {
            people.IsAuthor[a] = true;
            var tastes = people.Tastes[a];
            people.AuthorTopics[a] = tastes.Length > 1 && random.NextDouble() < 0.5 ? tastes[..2] : tastes[..1];
            people.AuthorWeight[a] = Sampling.LogNormal(random, 0.8);
            foreach (var t in people.AuthorTopics[a])
            {
                byTopic[t].Add(a);
            }
        }

        // Favourite authors: 1-3, mostly among authors who write on one of the user's topics.
        for (var u = 0; u < n; u++)
        {
            var wanted = Math.Min(1 + random.Next(3), authorCount - (people.IsAuthor[u] ? 1 : 0));
            var matching = people.Tastes[u].SelectMany(t => byTopic[t]).Where(a => a != u).Distinct().ToArray();
            var favourites = new List<int>(wanted);
            for (var attempt = 0; favourites.Count < wanted && attempt < 50; attempt++)
            {
                var a = matching.Length > 0 && random.NextDouble() < 0.85
                    ? matching[random.Next(matching.Length)]
                    : people.Authors[random.Next(authorCount)];
                if (a != u && !favourites.Contains(a))
                {
                    favourites.Add(a);
                }
            }

            people.Favourites[u] = [.. favourites];
        }

        return people;
    }

    private static PostTable CreatePosts(SocialFeedOptions options, TopicCatalog.Topic[] topics, People people, Random random)
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
            created[p] = options.Start.UtcTicks + (long)(random.NextDouble() * span) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
            var i = Array.BinarySearch(cumulative, random.NextDouble() * total);
            author[p] = authors[Math.Min(i < 0 ? ~i : i, authors.Length - 1)];
            var own = people.AuthorTopics[author[p]];
            topic[p] = own[random.Next(own.Length)];
        }

        // Posts in creation order; ids follow it.
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

    private static Follow[] CreateFollows(SocialFeedOptions options, People people, Random random)
    {
        var follows = new List<Follow>();
        for (var u = 0; u < people.Ids.Length; u++)
        {
            var followed = new List<int>(people.Favourites[u]);
            if (random.NextDouble() < 0.3)
            {
                var extra = people.Authors[random.Next(people.Authors.Length)];
                if (extra != u && !followed.Contains(extra))
                {
                    followed.Add(extra);
                }
            }

            foreach (var a in followed)
            {
                var since = people.CreatedAt[u] + TimeSpan.FromDays(random.Next(1, 30));
                follows.Add(new Follow(people.Ids[u], people.Ids[a], since < options.Start ? since : options.Start));
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
        public int[][] Favourites { get; } = new int[n][];
        public bool[] IsAuthor { get; } = new bool[n];
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
        public List<int>[] ByTopic { get; } = [.. Enumerable.Range(0, topics).Select(_ => new List<int>())];
        public List<int>[] ByAuthor { get; } = [.. Enumerable.Range(0, users).Select(_ => new List<int>())];
    }
}
