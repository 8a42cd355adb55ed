using Recommender.Data;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class UserStateStoreTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch.AddYears(50);

    [Fact]
    public void Record_BumpsTheUsersVersion_AndKeepsTheNewestEngagements()
    {
        var store = new UserStateStore(new ServingOptions { RecentEngagementsPerUser = 2 });

        Assert.Equal(0, store.VersionOf("u"));
        for (var i = 0; i < 3; i++)
        {
            store.Record(Like("u", $"p{i}", i));
        }

        Assert.Equal(3, store.VersionOf("u"));
        Assert.True(store.TryGet("u", out var state));
        Assert.Equal(["p1", "p2"], state.Snapshot().Select(e => e.PostId));
    }

    [Fact]
    public void Record_PastMaxTrackedUsers_ForgetsTheLeastRecentlyEngaged()
    {
        var store = new UserStateStore(new ServingOptions { MaxTrackedUsers = 10 });
        for (var i = 0; i < 10; i++)
        {
            store.Record(Like($"u{i}", "p", i));
        }

        // u0 engages again: u1 is now the least recently engaged.
        store.Record(Like("u0", "q", 10));
        store.Record(Like("u10", "p", 11));

        Assert.Equal(9, store.Count);
        Assert.False(store.TryGet("u1", out _));
        Assert.True(store.TryGet("u0", out _));
        Assert.True(store.TryGet("u10", out _));
    }

    [Fact]
    public void Record_ManyUsers_CountNeverExceedsTheLimit()
    {
        var store = new UserStateStore(new ServingOptions { MaxTrackedUsers = 1_000 });

        Parallel.For(0, 20_000, i => store.Record(Like($"user-{i}", "p", i)));

        Assert.InRange(store.Count, 900, 1_000);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(100, 0)]
    public void Record_NoFoldIn_KeepsNothing(int maxUsers, int perUser)
    {
        var store = new UserStateStore(new ServingOptions { MaxTrackedUsers = maxUsers, RecentEngagementsPerUser = perUser });

        store.Record(Like("u", "p", 0));

        Assert.Equal(0, store.Count);
        Assert.False(store.TryGet("u", out _));
    }

    [Fact]
    public void DropBefore_ForgetsWhatTheModelKnows_AndUsersLeftWithNothing()
    {
        var store = new UserStateStore(new ServingOptions());
        store.Record(Like("old", "p", 0));
        store.Record(Like("both", "p", 0));
        store.Record(Like("both", "q", 10));

        store.DropBefore(At.AddSeconds(5));

        Assert.False(store.TryGet("old", out _));
        Assert.True(store.TryGet("both", out var both));
        Assert.Equal(["q"], both.Snapshot().Select(e => e.PostId));
        Assert.Equal(1, store.Count);
    }

    private static Engagement Like(string user, string post, int seconds) => new(user, post, EngagementKind.Like, At.AddSeconds(seconds));
}
