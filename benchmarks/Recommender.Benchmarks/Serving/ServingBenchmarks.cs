using BenchmarkDotNet.Attributes;
using Recommender.Benchmarks.Data;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.SampleData;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Benchmarks.Serving;

/// <summary>
/// The serving layer against the bare ranker. Data: a generated social feed of 2,000 users and 20,000 posts over 21
/// days (about 80,000 engagements), one model trained once (default options), two engines sharing one registry: one
/// with the default cache, one with the cache off and an infinite time budget. Candidates: the 500 newest posts (and
/// the first 20 of them), one user with a long history; the clock is stopped at the end of the feed.
/// <list type="bullet">
/// <item><c>BareRank500</c> (baseline): <see cref="HybridRanker.Rank(string, IReadOnlyList{Post}, RankingFilter?)"/> on the 500 posts.</item>
/// <item><c>UncachedRank500</c>: <see cref="IRecommender.RankAsync(string, IReadOnlyList{string}, RankingFilter?, CancellationToken)"/>
/// by id, cache off: flags, key, post lookups in the catalogue, ranking, metrics. Target: within 20% of the baseline.</item>
/// <item><c>UncachedRank500Budget</c>: the same with the default 500 ms time budget (the model runs on the thread pool
/// under a timer).</item>
/// <item><c>UncachedRank500Live</c>: the same an hour after training, with 2,000 likes recorded on the 500 posts since
/// (through <see cref="RecommenderEngine.RecordEngagementAsync"/>, not by the ranked user): live counts and folded-in
/// factors of the posts in every pair's features.</item>
/// <item><c>CachedRank20</c>, <c>CachedRank500</c>: the same request repeated (a cache hit). Target: 2 µs.</item>
/// <item><c>Key20</c>, <c>Key500</c>: the cache key alone (hashing the candidate ids), to see where the cached time goes.</item>
/// <item><c>RecordEngagement</c>: <see cref="IRecommender.RecordEngagementAsync(Engagement, CancellationToken)"/> for the known
/// user, a like on each of the 500 newest posts in turn: validation, the popularity and trending counts, the user's live
/// state. Target: 10 µs mean, no allocation growth per call.</item>
/// </list>
/// Run: <c>dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- --filter *ServingBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private RecommenderEngine _cached = null!;
    private RecommenderEngine _uncached = null!;
    private RecommenderEngine _budgeted = null!;
    private RecommenderEngine _live = null!;
    private ModelRegistry _registry = null!;
    private HybridRanker _bare = null!;
    private string _user = null!;
    private Post[] _posts500 = null!;
    private string[] _ids500 = null!;
    private string[] _ids20 = null!;
    private RequestContext _context;
    private Engagement[] _likes = null!;
    private int _nextLike;

    [GlobalSetup]
    public async Task Setup()
    {
        var feedOptions = new SocialFeedOptions { Users = 2_000, Posts = 20_000, Days = 21 };
        var feed = SocialFeedGenerator.Generate(feedOptions);
        var clock = new FixedTime(feedOptions.Start.AddDays(feedOptions.Days));
        var source = new InMemoryDataSource(feed.Users, feed.Posts, feed.Engagements, feed.Follows);
        var options = new RecommenderOptions();
        var model = await new RecommenderTrainer(options, null, clock).FitAsync(source);

        _registry = new ModelRegistry(new InMemoryModelStore(), null, clock);
        _cached = new RecommenderEngine(options, source, _registry, timeProvider: clock);
        var uncachedOptions = new RecommenderOptions { Serving = { CacheDuration = TimeSpan.Zero, TimeBudget = Timeout.InfiniteTimeSpan } };
        _uncached = new RecommenderEngine(uncachedOptions, source, _registry, timeProvider: clock);
        _budgeted = new RecommenderEngine(new RecommenderOptions { Serving = { CacheDuration = TimeSpan.Zero } }, source, _registry, timeProvider: clock);
        await _cached.InitializeAsync();
        await _uncached.InitializeAsync();
        await _budgeted.InitializeAsync();
        var later = new FixedTime(clock.GetUtcNow().AddHours(1));
        _live = new RecommenderEngine(uncachedOptions, source, _registry, timeProvider: later);
        await _live.InitializeAsync();
        await _registry.PublishAsync(model, new ModelVersionInfo { Version = "v1", CreatedAt = clock.GetUtcNow() });
        await _registry.ActivateAsync("v1");

        _bare = new HybridRanker(model, options.Ranking, clock);
        _user = feed.Engagements.GroupBy(e => e.UserId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        _posts500 = [.. feed.Posts.Skip(feed.Posts.Count - 500)];
        _ids500 = [.. _posts500.Select(p => p.Id)];
        _ids20 = [.. _ids500.Take(20)];
        var random = new Random(1);
        for (var i = 0; i < 2_000; i++)
        {
            var liker = feed.Users[random.Next(feed.Users.Count)].Id;
            if (liker != _user)
            {
                await _live.RecordEngagementAsync(new Engagement(liker, _ids500[random.Next(500)], EngagementKind.Like, clock.GetUtcNow().AddMinutes(1 + (i % 50))));
            }
        }

        // Warm the cache and check every path answers from the model.
        foreach (var result in new[]
        {
            await _cached.RankAsync(_user, _ids20),
            await _cached.RankAsync(_user, _ids500),
            await _uncached.RankAsync(_user, _ids500),
            await _budgeted.RankAsync(_user, _ids500),
            await _live.RankAsync(_user, _ids500),
        })
        {
            if (result.Source != RecommendationSource.Model)
            {
                throw new InvalidOperationException($"Expected a model answer, got {result.Source} ({result.FallbackReason}).");
            }
        }

        if (!(await _cached.RankAsync(_user, _ids500)).FromCache)
        {
            throw new InvalidOperationException("Expected a cache hit.");
        }

        var now = clock.GetUtcNow();
        _likes = [.. _ids500.Select(id => new Engagement(_user, id, EngagementKind.Like, now))];
        _context = new RequestContext(_user, true, true, true, ModelVariants.Default, _cached.State);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _cached.DisposeAsync();
        await _uncached.DisposeAsync();
        await _budgeted.DisposeAsync();
        await _live.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<RankedPost> BareRank500() => _bare.Rank(_user, _posts500);

    [Benchmark]
    public ValueTask<RecommendationResult> UncachedRank500() => _uncached.RankAsync(_user, _ids500);

    [Benchmark]
    public ValueTask<RecommendationResult> UncachedRank500Budget() => _budgeted.RankAsync(_user, _ids500);

    [Benchmark]
    public ValueTask<RecommendationResult> UncachedRank500Live() => _live.RankAsync(_user, _ids500);

    [Benchmark]
    public ValueTask<RecommendationResult> CachedRank20() => _cached.RankAsync(_user, _ids20);

    [Benchmark]
    public ValueTask<RecommendationResult> CachedRank500() => _cached.RankAsync(_user, _ids500);

    [Benchmark]
    public ulong Key20() => RequestKey.ForRank(_context, 0, _ids20, null, null).HashLow;

    [Benchmark]
    public ValueTask RecordEngagement()
    {
        _nextLike = _nextLike + 1 == _likes.Length ? 0 : _nextLike + 1;
        return _uncached.RecordEngagementAsync(_likes[_nextLike]);
    }

    [Benchmark]
    public ulong Key500() => RequestKey.ForRank(_context, 0, _ids500, null, null).HashLow;
}
