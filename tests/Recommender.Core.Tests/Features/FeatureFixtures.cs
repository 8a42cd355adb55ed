using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Core.Tests.Features;

/// <summary>
/// A small data set whose features are computed by hand in the tests. Now is Thursday 2026-01-15 09:30 UTC.
/// Default kind weights (view 1, like 4, comment 6, hide -10), no decay unless a test asks for it.
/// </summary>
internal static class FeatureFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static FeatureOptions NoDecay() => new()
    {
        Weighting = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan },
    };

    public static User[] Users() => [new("u1") { CreatedAt = Now.AddDays(-30) }, new("u2")];

    /// <summary>p1 alice [dotnet, csharp] 24 h old; p2 bob [cooking] 48 h; p3 alice [dotnet] 2 h; p4 no author, no tags, 10 days.</summary>
    public static Post[] Posts() =>
    [
        new("p1", "alice", Now.AddHours(-24)) { Tags = ["dotnet", "csharp"], Text = "Hello dotnet world" },
        new("p2", "bob", Now.AddHours(-48)) { Tags = ["cooking"] },
        new("p3", "alice", Now.AddHours(-2)) { Tags = ["#DotNet"] },
        new("p4", null, Now.AddDays(-10)),
    ];

    public static Follow[] Follows() =>
    [
        new("u1", "bob", Now.AddDays(-5)),
        new("u1", "bob", Now.AddDays(-4)),
        new("u3", "alice", Now.AddDays(-3)),
    ];

    public static Engagement[] Engagements() =>
    [
        new("u1", "p1", EngagementKind.Like, Now.AddHours(-1)),               // Thu 08:30
        new("u1", "p1", EngagementKind.View, Now.AddMinutes(-50)),            // Thu 08:40
        new("u1", "p2", EngagementKind.Comment, Now.AddHours(-25)),           // Wed 08:30
        new("u1", "p3", EngagementKind.Like, Now.AddMinutes(-30)),            // Thu 09:00
        new("u2", "p2", EngagementKind.View, Now.AddHours(-3)),               // Thu 06:30
        new("u2", "p3", EngagementKind.Hide, Now.AddHours(-1)),               // Thu 08:30
        new("u2", "p1", EngagementKind.Like, Now.AddHours(-26)),              // Wed 07:30
        new("", "p1", EngagementKind.Like, Now),                              // skipped: no user
        new("u1", "p1", (EngagementKind)99, Now),                             // skipped: undefined kind
    ];

    public static FeatureStore Store(FeatureOptions? options = null, IEnumerable<Engagement>? engagements = null)
    {
        var builder = new FeatureStoreBuilder(options ?? NoDecay(), Clock());
        foreach (var u in Users())
        {
            builder.AddUser(u);
        }

        foreach (var p in Posts())
        {
            builder.AddPost(p);
        }

        foreach (var f in Follows())
        {
            builder.AddFollow(f);
        }

        foreach (var e in engagements ?? Engagements())
        {
            builder.AddEngagement(e);
        }

        return builder.Build();
    }

    public static Post Post(string id) => Posts().Single(p => p.Id == id);
}
