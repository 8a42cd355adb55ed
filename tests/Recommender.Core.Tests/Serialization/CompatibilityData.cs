using Recommender.Data;

namespace Recommender.Core.Tests.Serialization;

/// <summary>
/// The data the compatibility fixtures were trained on (Fixtures/README.md): arithmetic only, so that any version can
/// make it again. 100 users with a topic each, 60 posts on 4 topics by 5 authors, engagements with posts of one's topic.
/// </summary>
internal static class CompatibilityData
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When the fixtures were trained (and when the tests rank with them).</summary>
    public static readonly DateTimeOffset Now = Epoch.AddDays(7);

    private const int UserCount = 100;
    private const int PostCount = 60;

    private static readonly string[] Topics = ["dotnet", "cooking", "travel", "music"];

    public static User[] Users() => [.. Enumerable.Range(0, UserCount).Select(u => new User($"u{u}") { CreatedAt = Epoch.AddDays(-u) })];

    public static Post[] Posts() =>
    [
        .. Enumerable.Range(0, PostCount).Select(p => new Post($"p{p}", $"a{p % 5}", Epoch.AddHours(4 * p))
        {
            Tags = [Topics[p % 4]],
            Text = $"{Topics[p % 4]} post number {p}",
        }),
    ];

    /// <summary>Posts published after training, which no fixture knows.</summary>
    public static Post[] NewPosts() =>
    [
        new("new-dotnet", "a0", Now.AddHours(-2)) { Tags = ["dotnet"], Text = "dotnet post published after training" },
        new("new-music", "a4", Now.AddHours(-1)) { Tags = ["music"] },
        new("new-unknown-author", "someone-else", Now.AddMinutes(-10)) { Tags = ["cooking"] },
    ];

    public static Follow[] Follows() => [.. Enumerable.Range(0, UserCount).Select(u => new Follow($"u{u}", $"a{u % 5}", Epoch))];

    public static Engagement[] Engagements()
    {
        var engagements = new List<Engagement>();
        for (var u = 0; u < UserCount; u++)
        {
            for (var p = u % 4; p < PostCount; p += 4)
            {
                if ((u + p) % 5 == 0)
                {
                    continue;
                }

                var kind = (u + p) % 3 == 0 ? EngagementKind.Like : EngagementKind.View;
                engagements.Add(new Engagement($"u{u}", $"p{p}", kind, Epoch.AddHours((4 * p) + 1).AddMinutes(u)));
            }

            // One engagement across topics per user, so the factors are not four disjoint blocks.
            engagements.Add(new Engagement($"u{u}", $"p{(u + 1) % PostCount}", EngagementKind.Click, Epoch.AddHours(4 * PostCount).AddMinutes(u)));
        }

        return [.. engagements];
    }
}
