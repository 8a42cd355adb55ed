using Microsoft.Extensions.Time.Testing;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class TimeBudgetTests
{
    [Fact]
    public async Task RunAsync_WorkCompletingInline_CompletesSynchronously_OnTheCallingThread()
    {
        var time = new FakeTimeProvider();
        var budget = new TimeBudget(new ServingOptions { TimeBudget = TimeSpan.FromMilliseconds(10) }, time, CancellationToken.None);
        var thread = Environment.CurrentManagedThreadId;
        var ranOn = -1;

        var result = budget.RunAsync(_ => { ranOn = Environment.CurrentManagedThreadId; return ValueTask.FromResult(3); });

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(3, await result);
        Assert.Equal(thread, ranOn);
    }

    [Fact]
    public async Task RunAsync_SlowWork_TimesOutAfterTheBudget_AndCancelsTheWork()
    {
        var time = new FakeTimeProvider();
        var budget = new TimeBudget(new ServingOptions { TimeBudget = TimeSpan.FromMilliseconds(500) }, time, CancellationToken.None);
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = budget.RunAsync(async token =>
        {
            started.SetResult(token);
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }).AsTask();
        var workToken = await started.Task;
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.True(workToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_NotInline_RunsOnThePool_UnderTheBudget()
    {
        var budget = new TimeBudget(new ServingOptions { TimeBudget = TimeSpan.FromSeconds(30) }, TimeProvider.System, CancellationToken.None);

        var onPool = await budget.RunAsync(_ => ValueTask.FromResult(Thread.CurrentThread.IsThreadPoolThread), inline: false);

        Assert.True(onPool);
    }

    [Fact]
    public async Task RunAsync_InfiniteBudget_WaitsForever_WithTheStoppingToken()
    {
        using var stopping = new CancellationTokenSource();
        var time = new FakeTimeProvider();
        var budget = new TimeBudget(new ServingOptions { TimeBudget = Timeout.InfiniteTimeSpan }, time, stopping.Token);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;

        var run = budget.RunAsync(async token => { seen = token; return await release.Task; }).AsTask();
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(run.IsCompleted);
        release.SetResult(9);

        Assert.Equal(9, await run);
        Assert.Equal(stopping.Token, seen);
    }
}
