// <snippet:data>
using Recommender.Data;
// </snippet:data>

namespace SnippetsHost;

/// <summary>The README's toy data: how a host builds users, posts, follows and engagements.</summary>
internal static class DataSnippet
{
    public static SnippetData Create()
    {
        // <snippet:data>
        var now = DateTimeOffset.UtcNow;
        User[] users = [new("alice") { CreatedAt = now.AddDays(-90) }, new("bob"), new("carol"), new("dave")];
        Post[] posts =
        [
            new("post-1", AuthorId: "bob", CreatedAt: now.AddDays(-2)) { Tags = ["dotnet", "csharp"], Text = "Spans in C#" },
            new("post-2", AuthorId: "carol", CreatedAt: now.AddDays(-1)) { Tags = ["cooking"], Text = "Sourdough at home" },
            new("post-3", AuthorId: "bob", CreatedAt: now.AddHours(-3)) { Tags = ["dotnet"], Text = "What is new in .NET 10" },
            new("post-4", AuthorId: "dave", CreatedAt: now.AddHours(-1)) { Tags = ["cooking", "baking"] },
        ];
        Follow[] follows = [new("alice", "bob", now.AddDays(-30))];   // alice follows bob
        Engagement[] engagements =
        [
            new("alice", "post-1", EngagementKind.Like, now.AddDays(-1)),
            new("carol", "post-1", EngagementKind.Share, now.AddHours(-20)),
            new("carol", "post-3", EngagementKind.Comment, now.AddHours(-2)),
            new("dave", "post-2", EngagementKind.View, now.AddHours(-12), Weight: 0.5f),   // optional: a dwell-time factor
            new("bob", "post-2", EngagementKind.Bookmark, now.AddHours(-6)),
            new("bob", "post-4", EngagementKind.Hide, now.AddMinutes(-30)),                // negative feedback
        ];
        var source = new InMemoryDataSource(users, posts, engagements, follows);
        // </snippet:data>
        return new SnippetData(users, posts, follows, engagements, source);
    }
}

/// <summary>What the data snippet made, for the snippets after it.</summary>
internal sealed record SnippetData(User[] Users, Post[] Posts, Follow[] Follows, Engagement[] Engagements, InMemoryDataSource Source);
