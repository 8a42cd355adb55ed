using Recommender.Data;

namespace Recommender.SampleData;

/// <summary>A generated social network: users, posts, engagements, follows, and the planted structure behind them.</summary>
public sealed class SocialFeed
{
    internal SocialFeed(
        IReadOnlyList<User> users,
        IReadOnlyList<Post> posts,
        IReadOnlyList<Engagement> engagements,
        IReadOnlyList<Follow> follows,
        IReadOnlyList<SampleUserProfile> profiles,
        IReadOnlyList<string> topics)
    {
        Users = users;
        Posts = posts;
        Engagements = engagements;
        Follows = follows;
        Profiles = profiles;
        Topics = topics;
    }

    /// <summary>The users, authors included.</summary>
    public IReadOnlyList<User> Users { get; }

    /// <summary>The posts in order of creation; each post's first tag is its topic.</summary>
    public IReadOnlyList<Post> Posts { get; }

    /// <summary>Views, likes, comments and shares, in time order.</summary>
    public IReadOnlyList<Engagement> Engagements { get; }

    /// <summary>Users following authors (every favourite author, and a few others).</summary>
    public IReadOnlyList<Follow> Follows { get; }

    /// <summary>Each user's planted tastes and favourite authors, in the order of <see cref="Users"/>.</summary>
    public IReadOnlyList<SampleUserProfile> Profiles { get; }

    /// <summary>The topics used.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>
    /// Writes the evaluation protocol's files into a directory (created when missing): <c>interactions.csv</c>,
    /// <c>posts.csv</c> and <c>users.csv</c>.
    /// </summary>
    /// <param name="directory">The directory.</param>
    public void WriteCsv(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        DataFiles.WriteEngagements(Path.Combine(directory, "interactions.csv"), Engagements);
        DataFiles.WritePosts(Path.Combine(directory, "posts.csv"), Posts);
        DataFiles.WriteUsers(Path.Combine(directory, "users.csv"), Users);
    }
}
