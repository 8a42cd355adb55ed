using Recommender.Core.Tests.TestSupport;
using Recommender.Data;

namespace Recommender.Core.Tests.Data;

public sealed class InMemoryDataSourceTests
{
    private static readonly DateTimeOffset T = TestData.Epoch;

    [Fact]
    public async Task ReadEngagementsAsync_Since_ReturnsOnlyLaterOnes()
    {
        var source = new InMemoryDataSource();
        source.AddEngagements([new("a", "x", EngagementKind.Like, T), new("a", "y", EngagementKind.Like, T.AddHours(1)), new("b", "y", EngagementKind.View, T.AddHours(2))]);

        var later = new List<Engagement>();
        await foreach (var e in source.ReadEngagementsAsync(T.AddHours(1), TestContext.Current.CancellationToken))
        {
            later.Add(e);
        }

        Assert.Equal("b", Assert.Single(later).UserId);
    }

    [Fact]
    public async Task AddPosts_SameId_ReplacesPost()
    {
        var source = new InMemoryDataSource();
        source.AddPosts([new Post("x", "alice", T) { Tags = ["a"] }]);
        source.AddPosts([new Post("x", "bob", T) { Tags = ["b"] }]);

        var found = await source.FindPostsAsync(["x", "missing"], TestContext.Current.CancellationToken);

        Assert.Equal("bob", Assert.Single(found).AuthorId);
    }

    [Fact]
    public async Task ReadPostsAsync_CreatedSince_FiltersOlderPosts()
    {
        var source = new InMemoryDataSource([], [new Post("old", null, T), new Post("new", null, T.AddDays(1))], []);

        var ids = new List<string>();
        await foreach (var p in source.ReadPostsAsync(T.AddHours(12), TestContext.Current.CancellationToken))
        {
            ids.Add(p.Id);
        }

        Assert.Equal(["new"], ids);
    }

    [Fact]
    public void AddEngagements_EmptyUserId_ThrowsNamingTheField()
    {
        var source = new InMemoryDataSource();

        var error = Assert.Throws<ArgumentException>(() => source.AddEngagement(new Engagement("", "x", EngagementKind.Like, T)));

        Assert.Contains("Engagement.UserId", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, source.EngagementCount);
    }

    [Fact]
    public async Task ReadEngagementsAsync_Cancelled_Throws()
    {
        var source = new InMemoryDataSource([], [], TestData.Random(5, 5, 10, 1));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in source.ReadEngagementsAsync(null, cts.Token))
            {
            }
        });
    }
}
