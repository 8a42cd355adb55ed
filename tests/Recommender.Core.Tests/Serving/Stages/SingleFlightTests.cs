using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class SingleFlightTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ConcurrentSameKey_ComputesOnce_AndEveryCallerGetsTheResult()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        var waiting = Enumerable.Range(0, 8).Select(_ => flight.RunAsync("k", release, (_, r) => { Interlocked.Increment(ref calls); return r.Task; }, Token)).ToArray();
        Assert.Equal(1, flight.Count);
        release.SetResult(42);

        Assert.All(await Task.WhenAll(waiting), r => Assert.Equal(42, r));
        Assert.Equal(1, calls);
        Assert.Equal(0, flight.Count);
    }

    [Fact]
    public async Task RunAsync_DifferentKeys_ComputeApart_EachGivenItsKey()
    {
        var flight = new SingleFlight<string, string>();

        var a = await flight.RunAsync("a", "A", (k, s) => Task.FromResult(k + s), Token);
        var b = await flight.RunAsync("b", "B", (k, s) => Task.FromResult(k + s), Token);

        Assert.Equal(("aA", "bB"), (a, b));
    }

    [Fact]
    public async Task RunAsync_ACallerGivingUp_StopsWaiting_WithoutCancellingTheOthers()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();

        var first = flight.RunAsync("k", release, (_, r) => r.Task, impatient.Token);
        var second = flight.RunAsync("k", release, (_, r) => r.Task, Token);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult(7);
        Assert.Equal(7, await second);
    }

    [Fact]
    public async Task RunAsync_AfterTheComputationEnds_TheNextCallComputesAgain_EvenAfterAFailure()
    {
        var flight = new SingleFlight<string, int>();
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync("k", 0, (_, _) => { calls++; return Task.FromException<int>(new InvalidOperationException()); }, Token));
        var value = await flight.RunAsync("k", 5, (_, s) => { calls++; return Task.FromResult(s); }, Token);

        Assert.Equal(5, value);
        Assert.Equal(2, calls);
        Assert.Equal(0, flight.Count);
    }
}
