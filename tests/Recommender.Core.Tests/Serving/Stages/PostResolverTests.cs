using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class PostResolverTests
{
    private static readonly DateTimeOffset At = ServingWorld.Now;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_GivenPostsWin_ThenTheCatalogue_ThenOneDataSourceLookup_ForTheMissingOnly()
    {
        var state = await StageWorld.StateAsync();
        var catalog = state.Default!.Value.Ranker.Catalog;
        var inCatalog = ServingWorld.RecentPostIds(2);
        var source = new DelegatingDataSource(new InMemoryDataSource([], [new Post("stored", null, At), new Post("stored-2", null, At)], []));
        var given = new Post(inCatalog[0], "host", At) { Text = "the host's version" };
        var resolver = new PostResolver(source, new ServingOptions());

        var (found, unknown) = await resolver.ResolveAsync([inCatalog[0], inCatalog[1], "stored", "nowhere", "stored-2", "nowhere"], [given], catalog, Token);

        Assert.Equal([inCatalog[0], inCatalog[1], "stored", "stored-2"], found.Select(p => p.Id));
        Assert.Same(given, found[0]);
        Assert.Equal(["nowhere"], unknown);
        Assert.Equal(1, source.FindCalls);

        // What the data source returned is remembered: no second lookup.
        var again = await resolver.ResolveAsync(["stored"], null, null, Token);
        Assert.Equal(["stored"], again.Found.Select(p => p.Id));
        Assert.Equal(1, source.FindCalls);
        Assert.True(resolver.TryGet("stored-2", out _));
    }

    [Fact]
    public async Task ResolveAsync_IdsLongerThanMaxIdLength_AreUnknown_AndNeverLookedUp()
    {
        var source = new DelegatingDataSource(new InMemoryDataSource());
        var resolver = new PostResolver(source, new ServingOptions { MaxIdLength = 10 });
        var tooLong = new string('x', 11);

        var (found, unknown) = await resolver.ResolveAsync([tooLong, tooLong], [new Post(tooLong, null, At)], null, Token);

        Assert.Empty(found);
        Assert.Equal([tooLong], unknown);
        Assert.Equal(0, source.FindCalls);
    }

    [Fact]
    public void ResolveLocally_UnknownIdsBecomeBarePosts_ButTooLongOnesAreReportedUnknown()
    {
        var resolver = new PostResolver(new InMemoryDataSource(), new ServingOptions { MaxIdLength = 10 });
        var tooLong = new string('x', 11);

        var (found, unknown) = resolver.ResolveLocally(["given", "bare", tooLong, tooLong], [new Post("given", "a", At)], null);

        Assert.Equal(["given", "bare"], found.Select(p => p.Id));
        Assert.Equal("a", found[0].AuthorId);
        Assert.Null(found[1].AuthorId);
        Assert.Equal([tooLong], unknown);
    }

    [Fact]
    public void PublishedSince_GivesTheRememberedPostsFromThatMoment()
    {
        var resolver = new PostResolver(new InMemoryDataSource(), new ServingOptions());
        resolver.Remember(new Post("old", null, At.AddDays(-8)));
        resolver.Remember(new Post("new", null, At.AddDays(-1)));

        Assert.Equal(["new"], resolver.PublishedSince(At.AddDays(-7)).Select(p => p.Id));
    }
}
