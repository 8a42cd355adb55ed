using Microsoft.Extensions.Time.Testing;
using Recommender.Content;
using Recommender.Data;

namespace Recommender.Core.Tests.Content;

/// <summary>Small hand-checkable data for content tests; the clock stands still at <see cref="Now"/>.</summary>
internal static class ContentFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static Post Post(string id, string? author, string[] tags, string? text = null, DateTimeOffset? created = null) =>
        new(id, author, created ?? Now.AddHours(-1)) { Tags = tags, Text = text };

    public static Engagement Like(string user, string post, DateTimeOffset? at = null) => new(user, post, EngagementKind.Like, at ?? Now);

    public static Engagement Hide(string user, string post, DateTimeOffset? at = null) => new(user, post, EngagementKind.Hide, at ?? Now);

    /// <summary>Options for hand-checking: no text, no decay, tags 1, authors 0.5.</summary>
    public static ContentOptions TagsAndAuthors() => new()
    {
        TextWeight = 0f,
        AuthorWeight = 0.5f,
        TagWeight = 1f,
        Weighting = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan },
    };

    /// <summary>p1 [dotnet, csharp] by alice; p2 [dotnet] by bob; p3 [cooking] by alice.</summary>
    public static Post[] ThreePosts() =>
    [
        Post("p1", "alice", ["dotnet", "csharp"]),
        Post("p2", "bob", ["dotnet"]),
        Post("p3", "alice", ["cooking"]),
    ];

    public static ContentModel Train(IEnumerable<Post> posts, IEnumerable<Engagement> engagements, ContentOptions? options = null) =>
        new ContentTrainer(options ?? TagsAndAuthors(), timeProvider: Clock()).Fit(posts, engagements);

    public static double Idf(int documents, int df) => Math.Log((1.0 + documents) / (1.0 + df)) + 1.0;

    /// <summary>The model's vector of a training post as a term → weight map.</summary>
    public static Dictionary<string, float> Vector(ContentModel model, string postId)
    {
        var p = model.Posts.IndexOf(postId);
        var map = new Dictionary<string, float>();
        foreach (var (term, weight) in model.GetPostVector(p))
        {
            map[model.GetTerm(term)] = weight;
        }

        return map;
    }

    public static Dictionary<string, float> Profile(ContentModel model, ContentProfile profile)
    {
        var map = new Dictionary<string, float>();
        for (var k = 0; k < profile.Count; k++)
        {
            map[model.GetTerm(profile.Terms[k])] = profile.Weights[k];
        }

        return map;
    }
}
