using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving.Stages;

public class ModelSwapTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ActivatingAVersion_SwapsTheState_AndForgetsWhatTheNewModelKnowsOfUsers()
    {
        await using var w = new World();
        w.Users.Record(new Engagement("before", "p", EngagementKind.Like, ServingWorld.Now.AddDays(-1)));
        w.Users.Record(new Engagement("after", "p", EngagementKind.Like, ServingWorld.Now.AddMinutes(1)));
        var empty = w.Swap.State;

        await w.Registry.PublishAsync(ServingWorld.Load(await ServingWorld.ModelA), new ModelVersionInfo { Version = "v1", CreatedAt = ServingWorld.Now }, Token);
        await w.Registry.ActivateAsync("v1", cancellationToken: Token);

        Assert.Empty(empty.Variants);
        Assert.Equal("v1", w.Swap.State.Default!.Value.Model.Info.Version);
        Assert.False(w.Users.TryGet("before", out _));
        Assert.True(w.Users.TryGet("after", out _));
    }

    [Fact]
    public async Task Rebuild_ReadsPostsPublishedSinceTraining_IntoTheCatalogue()
    {
        await using var w = new World();
        var late = new Post("published-after-training", "someone", ServingWorld.Now.AddMinutes(5));
        w.Data.AddPosts([late]);

        await w.Registry.PublishAsync(ServingWorld.Load(await ServingWorld.ModelA), new ModelVersionInfo { Version = "v1", CreatedAt = ServingWorld.Now }, Token);
        await w.Registry.ActivateAsync("v1", cancellationToken: Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!w.Swap.State.Default!.Value.Ranker.Catalog.TryGet(late.Id, out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Token);
        }

        Assert.True(w.Swap.State.Default!.Value.Ranker.Catalog.TryGet(late.Id, out _));
        Assert.True(w.Posts.TryGet(late.Id, out _));
        Assert.Equal("v1", w.Swap.State.Default!.Value.Model.Info.Version);
    }

    [Fact]
    public async Task Dispose_StopsFollowingTheRegistry()
    {
        await using var w = new World();
        w.Swap.Dispose();

        await w.Registry.PublishAsync(ServingWorld.Load(await ServingWorld.ModelA), new ModelVersionInfo { Version = "v1", CreatedAt = ServingWorld.Now }, Token);
        await w.Registry.ActivateAsync("v1", cancellationToken: Token);

        Assert.Empty(w.Swap.State.Variants);
    }

    private sealed class World : IAsyncDisposable
    {
        public World()
        {
            var options = new RecommenderOptions();
            var time = new FakeTimeProvider(ServingWorld.Now);
            Registry = new ModelRegistry(new InMemoryModelStore(), null, time);
            Posts = new PostResolver(Data, options.Serving);
            Users = new UserStateStore(options.Serving);
            Swap = new ModelSwap(Registry, options, Data, Posts, new PopularityIndex(options.Heuristic), Users, time, NullLogger.Instance, CancellationToken.None);
        }

        public InMemoryDataSource Data { get; } = ServingWorld.NewData();

        public ModelRegistry Registry { get; }

        public PostResolver Posts { get; }

        public UserStateStore Users { get; }

        public ModelSwap Swap { get; }

        public async ValueTask DisposeAsync()
        {
            Swap.Dispose();
            await Registry.DisposeAsync();
        }
    }
}
