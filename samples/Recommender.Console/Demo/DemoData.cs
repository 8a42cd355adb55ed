using Recommender.Data;
using Recommender.SampleData;

namespace Recommender.ConsoleSample.Demo;

/// <summary>
/// What the demo works on, held in memory: a generated social network (with its planted structure) or whatever a
/// data source holds (a PostgreSQL database in the sample layout).
/// </summary>
public sealed class DemoData
{
    private DemoData(IReadOnlyList<User> users, IReadOnlyList<Post> posts, IReadOnlyList<Engagement> engagements, IReadOnlyList<Follow> follows, IReadOnlyList<SampleUserProfile> profiles)
    {
        if (engagements.Count == 0)
        {
            throw new InvalidOperationException("the data has no engagements: there is nothing to learn from");
        }

        Users = users;
        Posts = posts;
        Engagements = engagements;
        Follows = follows;
        Profiles = profiles.ToDictionary(p => p.UserId, StringComparer.Ordinal);
        PostsById = posts.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        End = engagements.Max(e => e.Timestamp);
    }

    public IReadOnlyList<User> Users { get; }

    public IReadOnlyList<Post> Posts { get; }

    /// <summary>In time order.</summary>
    public IReadOnlyList<Engagement> Engagements { get; }

    public IReadOnlyList<Follow> Follows { get; }

    /// <summary>The planted tastes of generated users; empty for data read from a database.</summary>
    public IReadOnlyDictionary<string, SampleUserProfile> Profiles { get; }

    public IReadOnlyDictionary<string, Post> PostsById { get; }

    /// <summary>The latest engagement: the demo's "now" (training, freshness, the feeds).</summary>
    public DateTimeOffset End { get; }

    /// <summary>Distinct topics (first tags) of the posts.</summary>
    public int TopicCount => Posts.Select(p => p.Tags.Count > 0 ? p.Tags[0] : string.Empty).Distinct(StringComparer.Ordinal).Count();

    public static DemoData From(SocialFeed feed) => new(feed.Users, feed.Posts, feed.Engagements, feed.Follows, feed.Profiles);

    /// <summary>Reads everything a data source holds (profiles, when given, come from the generator that filled it).</summary>
    public static async Task<DemoData> ReadAsync(IRecommenderDataSource source, IReadOnlyList<SampleUserProfile>? profiles, CancellationToken cancellationToken)
    {
        var users = new List<User>();
        await foreach (var user in source.ReadUsersAsync(cancellationToken))
        {
            users.Add(user);
        }

        var posts = new List<Post>();
        await foreach (var post in source.ReadPostsAsync(null, cancellationToken))
        {
            posts.Add(post);
        }

        var engagements = new List<Engagement>();
        await foreach (var engagement in source.ReadEngagementsAsync(null, cancellationToken))
        {
            engagements.Add(engagement);
        }

        var follows = new List<Follow>();
        await foreach (var follow in source.ReadFollowsAsync(cancellationToken))
        {
            follows.Add(follow);
        }

        // Stable: rows with equal timestamps keep the source's order.
        Engagement[] ordered = [.. engagements.OrderBy(e => e.Timestamp)];
        return new DemoData(users, posts, ordered, follows, profiles ?? []);
    }

    /// <summary>
    /// Writes the protocol's files (<c>interactions.csv</c>, <c>posts.csv</c>, <c>users.csv</c>) into a directory, created
    /// when missing, so the other commands can work on them. Follows have no file in the protocol.
    /// </summary>
    public IReadOnlyList<string> WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        string[] paths = [Path.Combine(directory, "interactions.csv"), Path.Combine(directory, "posts.csv"), Path.Combine(directory, "users.csv")];
        DataFiles.WriteEngagements(paths[0], Engagements);
        DataFiles.WritePosts(paths[1], Posts);
        DataFiles.WriteUsers(paths[2], Users);
        return paths;
    }

    /// <summary>The in-memory data source a host would register (<c>UseInMemoryData</c>).</summary>
    public InMemoryDataSource ToDataSource() => new(Users, Posts, Engagements, Follows);
}
