using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Extensions.DI.Tests.TestSupport;

/// <summary>
/// A real generic host with <c>AddRecommender</c>, a <see cref="FakeTimeProvider"/> as the container's clock, fake
/// logging, and the test feed behind a <see cref="ControlledDataSource"/>. Evaluation is off unless a test turns it on
/// (quicker, and the quality gate is not what these tests are about).
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly Channel<TrainingRunResult> _runs = Channel.CreateUnbounded<TrainingRunResult>();
    private bool _started;

    private TestHost(IHost host, FakeTimeProvider time, ControlledDataSource source)
    {
        Host = host;
        Time = time;
        Source = source;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public FakeTimeProvider Time { get; }

    public ControlledDataSource Source { get; }

    public RecommenderEngine Engine => Services.GetRequiredService<RecommenderEngine>();

    public RecommenderHostedService Scheduler => Services.GetServices<IHostedService>().OfType<RecommenderHostedService>().Single();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static TestHost Create(
        Action<RecommenderOptions>? configure = null,
        IEnumerable<KeyValuePair<string, string?>>? configuration = null,
        Action<IServiceCollection>? services = null,
        DateTimeOffset? start = null)
    {
        var time = new FakeTimeProvider(start ?? TestFeed.Now);
        var source = new ControlledDataSource(TestFeed.Create());
        var host = Build(time, b =>
        {
            if (configuration is not null)
            {
                b.Configuration.AddInMemoryCollection(configuration);
            }

            services?.Invoke(b.Services);
            b.Services.AddRecommender(o =>
            {
                o.Training.Evaluate = false;
                configure?.Invoke(o);
            }).UseDataSource(_ => source);
        });
        return new TestHost(host, time, source);
    }

    /// <summary>A host with the fake clock and fake logging, and whatever <paramref name="configure"/> adds.</summary>
    public static IHost Build(FakeTimeProvider time, Action<HostApplicationBuilder> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(time);
        configure(builder);
        return builder.Build();
    }

    public async Task StartAsync()
    {
        Engine.Training.RunCompleted += (_, result) => _runs.Writer.TryWrite(result);
        await Host.StartAsync(TestContext.Current.CancellationToken);
        _started = true;
    }

    /// <summary>The next training run that finished (any trigger), waiting for it in real time.</summary>
    public async Task<TrainingRunResult> NextRunAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(WaitLimit);
        return await _runs.Reader.ReadAsync(limit.Token);
    }

    /// <summary>The runs finished so far and not yet read.</summary>
    public int PendingRuns => _runs.Reader.Count;

    /// <summary>Waits (in real time) until the scheduler waits for <paramref name="due"/>.</summary>
    public Task SchedulerWaitsForAsync(DateTimeOffset due) => Eventually(() => Scheduler.NextRunAt == due, $"the scheduler to wait for {due:O} (waits for {Scheduler.NextRunAt:O})");

    public async Task<HealthReportEntry> CheckHealthAsync()
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        return report.Entries[RecommenderHostingDefaults.HealthCheckName];
    }

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > WaitLimit)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Host.StopAsync(CancellationToken.None);
        }

        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
