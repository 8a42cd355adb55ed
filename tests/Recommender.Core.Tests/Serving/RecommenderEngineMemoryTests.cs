using Recommender.Core.Tests.Serving.Support;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Serving;

/// <summary>Runs alone: it measures the process's retained managed memory, which other tests running beside it would move.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>
/// Memory is bounded by configuration, not by callers: a storm of hostile requests (random unknown users, 1,000
/// candidates of 200-character unknown ids each, engagements for random unknown users and posts) leaves at most
/// <see cref="Ceiling"/> of managed memory retained above the warm baseline, with the default options.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public class RecommenderEngineMemoryTests
{
    /// <summary>The ceiling the README states for the default options.</summary>
    private const long Ceiling = 64L << 20;

    private const int Requests = 10_000;
    private const int Candidates = 1_000;
    private const int IdLength = 200;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileRequests_DefaultOptions_RetainedMemoryStaysUnderTheCeiling()
    {
        var known = ServingWorld.RecentPostIds(20);
        var random = new Random(20_240_613);

        // Warm every path on another engine (JIT, pools, shared tables), then measure the baseline with this one ready
        // and serving (model loaded, one ordinary answer cached) but nothing hostile kept yet.
        await using (var warm = await ServingWorld.StartAsync())
        {
            await StormAsync(warm, random, known, 50);
        }

        await using var t = await ServingWorld.StartAsync();
        await t.Engine.RankAsync(ServingWorld.ActiveUser, known, cancellationToken: Token);
        var baseline = Retained();

        var sent = await StormAsync(t, random, known, Requests, stopAbove: GC.GetTotalMemory(false) + (4 * Ceiling));
        var retained = Retained() - baseline;
        TestContext.Current.TestOutputHelper?.WriteLine($"{sent:N0} hostile requests: {retained / (1024.0 * 1024.0):F1} MiB retained above the warm baseline ({baseline / (1024.0 * 1024.0):F1} MiB).");

        Assert.True(sent == Requests && retained <= Ceiling, $"After {sent:N0} hostile requests {retained / (1024.0 * 1024.0):F1} MiB stay retained above the warm baseline; the ceiling is {Ceiling >> 20} MiB.");
        GC.KeepAlive(t);
    }

    /// <summary>
    /// Sends <paramref name="count"/> hostile requests; stops early (returning how many were sent) once the heap passes
    /// <paramref name="stopAbove"/> bytes, so that an unbounded structure fails the test quickly instead of exhausting
    /// the machine.
    /// </summary>
    private static async Task<int> StormAsync(TestEngine t, Random random, IReadOnlyList<string> known, int count, long stopAbove = long.MaxValue)
    {
        var now = t.Time.GetUtcNow();
        for (var r = 0; r < count; r++)
        {
            var candidates = new string[Candidates];
            for (var i = 0; i < candidates.Length; i++)
            {
                // A few known posts among the unknown ones, so that the model ranks something.
                candidates[i] = i < known.Count ? known[i] : RandomId(random, IdLength);
            }

            var user = RandomId(random, 40);
            var answer = r % 4 == 3
                ? await t.Engine.RankAsync(user, [.. candidates.Select(id => new Post(id, RandomId(random, 40), now) { Tags = [RandomId(random, 20)], Text = RandomId(random, 120) })], cancellationToken: Token)
                : await t.Engine.RankAsync(user, candidates, cancellationToken: Token);
            Assert.Equal(RecommendationSource.Model, answer.Source);
            if (r % 10 == 0)
            {
                await t.Engine.RecommendAsync(user, 20, cancellationToken: Token);
            }

            await t.Engine.RecordEngagementAsync(new Engagement(RandomId(random, 40), RandomId(random, IdLength), EngagementKind.Like, now), Token);
            if (r % 250 == 249 && GC.GetTotalMemory(false) > stopAbove)
            {
                return r + 1;
            }
        }

        return count;
    }

    private static string RandomId(Random random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            // Unique enough (64 random bits in hex), padded to the length: cheap to make, costly to keep.
            var bits = (ulong)r.NextInt64();
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i < 16 ? "0123456789abcdef"[(int)((bits >> (4 * i)) & 0xF)] : (char)('a' + (i % 26));
            }
        });

    private static long Retained()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
