using Microsoft.Extensions.DependencyInjection;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

/// <summary>At start the host marks training runs another (killed) instance left running abandoned (issue 13, item 9).</summary>
public sealed class AbandonedRunsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_ARunLeftRunningPastItsLease_IsMarkedAbandoned_AFreshOneIsNot()
    {
        InMemoryModelStore? store = null;
        await using var host = TestHost.Create(
            o =>
            {
                o.Training.TrainOnStartWhenNoModel = false;
                o.Training.Schedule = string.Empty;
            },
            services: s => s.AddSingleton<IModelStore>(sp => store = new InMemoryModelStore(sp.GetRequiredService<TimeProvider>())));
        var shared = host.Services.GetRequiredService<IModelStore>();
        await shared.RecordRunAsync(new TrainingRunInfo { RunId = "killed", StartedAt = TestFeed.Now, Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromMinutes(5) }, Token);
        host.Time.Advance(TimeSpan.FromMinutes(4));
        await shared.RecordRunAsync(new TrainingRunInfo { RunId = "alive", StartedAt = TestFeed.Now, Outcome = TrainingOutcome.Running, Lease = TimeSpan.FromMinutes(5) }, Token);
        host.Time.Advance(TimeSpan.FromMinutes(2));

        await host.StartAsync();

        // Marked by the start (it logs so), not by the listing below.
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("Marked 1 training runs abandoned", StringComparison.Ordinal));
        var runs = (await store!.ListRunsAsync(10, Token)).ToDictionary(r => r.RunId);
        Assert.Equal(TrainingOutcome.Abandoned, runs["killed"].Outcome);
        Assert.Equal(TrainingOutcome.Running, runs["alive"].Outcome);
    }
}
