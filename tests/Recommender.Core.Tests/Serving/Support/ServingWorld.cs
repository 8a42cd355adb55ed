using Microsoft.Extensions.Time.Testing;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.SampleData;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving.Support;

/// <summary>
/// One small generated social feed and two models trained on it once per test run (model A with the default
/// options, model B with another seed and fewer factors, so their scores differ), and engines built over them.
/// </summary>
internal static class ServingWorld
{
    public static readonly SocialFeedOptions FeedOptions = new() { Users = 300, Posts = 1_200, Days = 14, EngagementsPerUser = 25, Seed = 7 };

    private static readonly Lazy<SocialFeed> LazyFeed = new(() => SocialFeedGenerator.Generate(FeedOptions));
    private static readonly Lazy<Task<byte[]>> LazyModelA = new(() => TrainAsync(_ => { }));
    private static readonly Lazy<Task<byte[]>> LazyModelB = new(() => TrainAsync(o =>
    {
        o.Collaborative.Seed = 99;
        o.Collaborative.Factors = 8;
    }));

    private static readonly Lazy<Task<byte[]>> LazyModelBeforeLastDays = new(() => TrainAsync(_ => { }, e => e.Timestamp < Now.AddDays(-3)));

    /// <summary>The moment the feed ends, when the models were trained, and where every engine's clock starts.</summary>
    public static DateTimeOffset Now { get; } = FeedOptions.Start.AddDays(FeedOptions.Days);

    public static SocialFeed Feed => LazyFeed.Value;

    public static Task<byte[]> ModelA => LazyModelA.Value;

    public static Task<byte[]> ModelB => LazyModelB.Value;

    /// <summary>Model A's options trained without the feed's last three days (its data watermark is three days old).</summary>
    public static Task<byte[]> ModelBeforeLastDays => LazyModelBeforeLastDays.Value;

    /// <summary>The newest posts (all known to the models).</summary>
    public static IReadOnlyList<Post> RecentPosts(int count) => [.. Feed.Posts.Skip(Feed.Posts.Count - count)];

    public static IReadOnlyList<string> RecentPostIds(int count) => [.. RecentPosts(count).Select(p => p.Id)];

    /// <summary>A user with plenty of history.</summary>
    public static string ActiveUser => Feed.Engagements.GroupBy(e => e.UserId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    public static InMemoryDataSource NewData() => new(Feed.Users, Feed.Posts, Feed.Engagements, Feed.Follows);

    public static RecommenderModel Load(byte[] artefact)
    {
        using var stream = new MemoryStream(artefact, writable: false);
        return RecommenderModel.Load(stream);
    }

    /// <summary>An engine over the feed with model A active as "v1" (unless <paramref name="activate"/> is false).</summary>
    public static async Task<TestEngine> StartAsync(Action<RecommenderOptions>? configure = null, bool activate = true, IFeatureFlagProvider? flags = null)
    {
        var options = new RecommenderOptions();
        configure?.Invoke(options);
        var time = new FakeTimeProvider(Now);
        var data = NewData();
        var source = new DelegatingDataSource(data);
        var store = new DelegatingModelStore(time);
        var meters = new TestMeterFactory();
        var flagProvider = flags ?? new InMemoryFeatureFlagProvider();
        var engine = new RecommenderEngine(options, source, store, flagProvider, time, meterFactory: meters);
        var test = new TestEngine(engine, time, data, source, store, flagProvider, meters);
        await engine.InitializeAsync(TestContext.Current.CancellationToken);
        if (activate)
        {
            await test.PublishAsync(await ModelA, "v1");
        }

        return test;
    }

    private static async Task<byte[]> TrainAsync(Action<RecommenderOptions> configure, Func<Engagement, bool>? keep = null)
    {
        var options = new RecommenderOptions();
        configure(options);
        var data = keep is null ? NewData() : new InMemoryDataSource(Feed.Users, Feed.Posts, Feed.Engagements.Where(keep), Feed.Follows);
        var model = await new RecommenderTrainer(options, null, new FakeTimeProvider(Now)).FitAsync(data);
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}

/// <summary>An engine and everything it was built over.</summary>
internal sealed class TestEngine(
    RecommenderEngine engine,
    FakeTimeProvider time,
    InMemoryDataSource data,
    DelegatingDataSource source,
    DelegatingModelStore store,
    IFeatureFlagProvider flags,
    TestMeterFactory meters) : IAsyncDisposable
{
    private int _created;

    public RecommenderEngine Engine { get; } = engine;

    public FakeTimeProvider Time { get; } = time;

    public InMemoryDataSource Data { get; } = data;

    public DelegatingDataSource Source { get; } = source;

    public DelegatingModelStore Store { get; } = store;

    public IFeatureFlagProvider Flags { get; } = flags;

    public TestMeterFactory Meters { get; } = meters;

    /// <summary>Saves an artefact as a version (created one second after the previous one) and optionally activates it.</summary>
    public async Task PublishAsync(byte[] artefact, string version, bool activate = true, string variant = ModelVariants.Default)
    {
        var info = new ModelVersionInfo { Version = version, CreatedAt = ServingWorld.Now.AddSeconds(Interlocked.Increment(ref _created)), TrainedAt = ServingWorld.Now };
        await Store.SaveAsync(info, (stream, token) => stream.WriteAsync(artefact.AsMemory(), token), TestContext.Current.CancellationToken);
        if (activate)
        {
            await Engine.Registry.ActivateAsync(version, variant, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Meters.Dispose();
    }
}
