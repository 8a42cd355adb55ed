using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Extensions.DI.Tests.TestSupport;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests;

public sealed class ScheduledTrainingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_NoModel_TrainsInTheBackground_AndTheModelAnswers()
    {
        await using var host = TestHost.Create();
        host.Source.Hold();

        await host.StartAsync(); // returns while the training waits inside the data source
        await host.Source.Entered.WaitAsync(TestHost.WaitLimit, Token);
        Assert.Null(host.Engine.GetStatus().ModelTrainedAt);
        host.Source.Release();
        var run = await host.NextRunAsync();

        Assert.Equal(TrainingOutcome.Activated, run.Outcome);
        var status = host.Engine.GetStatus();
        Assert.Equal(run.ModelVersion, status.ActiveVersions[ModelVariants.Default]);
        Assert.Equal(TestFeed.Now, status.ModelTrainedAt); // the container's (fake) clock
        var answer = await host.Services.GetRequiredService<IRecommender>().RankAsync(TestFeed.UserId(0, 0), TestFeed.AllPostIds(), cancellationToken: Token);
        Assert.Equal(RecommendationSource.Model, answer.Source);
        Assert.Equal(run.ModelVersion, answer.ModelVersion);
        Assert.NotEmpty(answer.Items);
        Assert.All(answer.Items, item => Assert.Equal(RecommendationSource.Model, item.Source));
    }

    [Fact]
    public async Task Start_TrainOnStartOff_DoesNotTrain()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);

        await host.StartAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));

        Assert.Equal(0, host.Source.TrainingReads);
        Assert.Null(host.Engine.GetStatus().LastTraining);
    }

    [Fact]
    public async Task Start_ModelAlreadyActive_LoadsItAndDoesNotTrain()
    {
        var store = new InMemoryModelStore();
        await using (var first = TestHost.Create(services: s => s.AddSingleton<IModelStore>(store)))
        {
            await first.StartAsync();
            await first.NextRunAsync();
        }

        await using var second = TestHost.Create(services: s => s.AddSingleton<IModelStore>(store));
        await second.StartAsync();

        Assert.NotNull(second.Engine.GetStatus().ModelTrainedAt); // loaded by StartAsync, before it returned
        await second.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));
        Assert.Equal(0, second.Source.TrainingReads);
    }

    [Fact]
    public async Task DefaultSchedule_RunsAtTwoInTheMorning_NotBefore()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);
        await host.StartAsync();
        await host.SchedulerWaitsForAsync(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));

        host.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await Task.Delay(200, Token); // give a wrongly early run the chance to start
        Assert.Equal(0, host.Source.TrainingReads);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var run = await host.NextRunAsync();

        Assert.Equal(TrainingOutcome.Activated, run.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero), run.StartedAt);
        await host.SchedulerWaitsForAsync(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("UTC", "2026-03-01T00:00:00Z", "2026-03-01T02:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z")] // CET: UTC+1
    [InlineData("Europe/Berlin", "2026-07-01T03:00:00Z", "2026-07-02T00:00:00Z")] // CEST: UTC+2
    [InlineData("America/New_York", "2026-03-01T00:00:00Z", "2026-03-01T07:00:00Z")] // EST: UTC-5
    public async Task Schedule_RunsAtTheTimeInTheConfiguredZone(string timeZone, string start, string expectedUtc)
    {
        var expected = DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture);
        await using var host = TestHost.Create(
            o => o.Training.TrainOnStartWhenNoModel = false,
            configuration: [new("Recommender:Training:TimeZone", timeZone)],
            start: DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));

        await host.StartAsync();
        await host.SchedulerWaitsForAsync(expected);
        host.Time.SetUtcNow(expected - TimeSpan.FromMinutes(1));
        await Task.Delay(100, Token);
        Assert.Equal(0, host.Source.TrainingReads);
        host.Time.SetUtcNow(expected);
        var run = await host.NextRunAsync();

        Assert.Equal(expected, run.StartedAt);
    }

    [Fact]
    public async Task EveryFiveMinutes_RunsEachTime()
    {
        await using var host = TestHost.Create(o =>
        {
            o.Training.TrainOnStartWhenNoModel = false;
            o.Training.Schedule = "*/5 * * * *";
        });
        await host.StartAsync();

        var versions = new List<string?>();
        for (var i = 1; i <= 3; i++)
        {
            await host.SchedulerWaitsForAsync(TestFeed.Now.AddMinutes(5 * i));
            host.Time.Advance(TimeSpan.FromMinutes(5));
            var run = await host.NextRunAsync();
            Assert.Equal(TestFeed.Now.AddMinutes(5 * i), run.StartedAt);
            versions.Add(run.ModelVersion);
        }

        Assert.Equal(3, host.Source.TrainingReads);
        Assert.Equal(3, versions.Distinct().Count());
    }

    [Fact]
    public async Task ScheduleDue_WhileAnotherRunIsInProgress_JoinsIt_OneRunOnly()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);
        await host.StartAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));
        host.Source.Hold();
        var byApi = host.Engine.Training.TrainAsync(Token); // e.g. an admin endpoint
        await host.Source.Entered.WaitAsync(TestHost.WaitLimit, Token);

        host.Time.Advance(TimeSpan.FromHours(2));
        await TestHost.Eventually(() => host.Logs.GetSnapshot().Any(r => r.Id.Id == 7012 && r.Message.Contains("joining")), "the scheduler to join the run");
        host.Source.Release();
        var result = await byApi;
        await TestHost.Eventually(() => host.Logs.GetSnapshot().Any(r => r.Id.Id == 7013 && r.Message.Contains("joined")), "the scheduler to report the joined run");

        Assert.Equal(TrainingOutcome.Activated, result.Outcome);
        Assert.False(result.Joined);
        Assert.Equal(1, host.Source.TrainingReads);
        await host.NextRunAsync();
        Assert.Equal(0, host.PendingRuns);
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddDays(1).AddHours(2));
    }

    [Fact]
    public async Task StoppingTheHost_DuringAScheduledRun_CancelsIt_AndTheActiveModelStays()
    {
        var store = new InMemoryModelStore();
        await using var host = TestHost.Create(services: s => s.AddSingleton<IModelStore>(store));
        await host.StartAsync();
        var first = await host.NextRunAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));
        host.Source.Hold();
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.Source.Entered.WaitAsync(TestHost.WaitLimit, Token);

        var stopping = TimeProvider.System.GetTimestamp();
        await host.Host.StopAsync(Token);

        Assert.True(TimeProvider.System.GetElapsedTime(stopping) < TimeSpan.FromSeconds(10));
        var cancelled = await host.NextRunAsync();
        Assert.Equal(TrainingOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal(first.ModelVersion, (await store.GetActiveAsync(Token))[ModelVariants.Default]);
        Assert.Equal(first.ModelVersion, host.Engine.GetStatus().ActiveVersions[ModelVariants.Default]);
        Assert.Equal(TrainingOutcome.Cancelled, host.Engine.GetStatus().LastTraining?.Outcome);
    }

    [Fact]
    public async Task EmptySchedule_NeverTrainsOnSchedule()
    {
        await using var host = TestHost.Create(o => o.Training.Schedule = "");
        await host.StartAsync();
        await host.NextRunAsync(); // training at start still happens

        await TestHost.Eventually(() => host.Logs.GetSnapshot().Any(r => r.Id.Id == 7011), "the scheduler to report no schedule");
        host.Time.Advance(TimeSpan.FromDays(3));
        await Task.Delay(200, Token);

        Assert.Equal(1, host.Source.TrainingReads);
        Assert.Null(host.Scheduler.NextRunAt);
    }

    [Fact]
    public async Task ScheduleChangedInConfiguration_AppliesToTheNextWait()
    {
        var configuration = new Dictionary<string, string?> { ["Recommender:Training:Schedule"] = "0 2 * * *" };
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false, configuration: configuration);
        await host.StartAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));

        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        root["Recommender:Training:Schedule"] = "30 0 * * *";
        root.Reload();

        await host.SchedulerWaitsForAsync(TestFeed.Now.AddMinutes(30));
        host.Time.Advance(TimeSpan.FromMinutes(30));
        var run = await host.NextRunAsync();
        Assert.Equal(TestFeed.Now.AddMinutes(30), run.StartedAt);
    }

    [Fact]
    public async Task ConfigurationBecomesInvalid_KeepsThePreviousSchedule()
    {
        var configuration = new Dictionary<string, string?> { ["Recommender:Training:Schedule"] = "0 2 * * *" };
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false, configuration: configuration);
        await host.StartAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));

        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        root["Recommender:Training:Schedule"] = "not cron";
        try
        {
            root.Reload();
        }
        catch (AggregateException)
        {
            // IOptionsMonitor validates the reloaded value inside the reload callback, which throws to Reload.
        }

        host.Time.Advance(TimeSpan.FromHours(2));
        var run = await host.NextRunAsync();

        Assert.Equal(TestFeed.Now.AddHours(2), run.StartedAt);
        Assert.Equal(TrainingOutcome.Failed, run.Outcome); // the pipeline reads the (invalid) current options
        Assert.Contains("Training:Schedule", run.Error);
    }

    [Fact]
    public async Task FailingTraining_IsLogged_AndTheScheduleGoesOn()
    {
        await using var host = TestHost.Create(o => o.Training.TrainOnStartWhenNoModel = false);
        host.Source.FailTrainingReads = true;
        await host.StartAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddHours(2));

        host.Time.Advance(TimeSpan.FromHours(2));
        var failed = await host.NextRunAsync();
        await host.SchedulerWaitsForAsync(TestFeed.Now.AddDays(1).AddHours(2));
        host.Source.FailTrainingReads = false;
        host.Time.Advance(TimeSpan.FromDays(1));
        var next = await host.NextRunAsync();

        Assert.Equal(TrainingOutcome.Failed, failed.Outcome);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 7014 && r.Message.Contains("Failed"));
        Assert.Equal(TrainingOutcome.Activated, next.Outcome);
    }
}
