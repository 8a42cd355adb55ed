using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Recommender.Postgres.Tests.Infrastructure;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Postgres.Tests.DependencyInjection;

/// <summary>
/// The database stops while the recommender serves (a proxy in front of the test server cuts every connection and
/// refuses new ones): requests that need it (looking up posts the model does not know) get the heuristic's answer,
/// marked as a fallback, never an exception; the database check turns unhealthy and the recommender's degraded (it answers); when the database returns, the model
/// answers again by itself.
/// </summary>
public sealed class RankingDuringOutageTests(PostgresSchemaFixture fixture) : SharedSchemaTestBase(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DatabaseStoppedWhileRanking_GivesFallbackAndDegraded_ThenRecovers()
    {
        var options = await MigratedOptionsAsync(pollInterval: TimeSpan.FromMinutes(10));
        var hostSchema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, hostSchema, Token);
        await ExecuteAsync(
            $"""
            INSERT INTO "{hostSchema}".posts (id, author_id, created_at, tags, text)
              SELECT 'p' || g || '-' || p, 'a' || g, now() - interval '10 days' + p * interval '6 hours', ARRAY['topic' || g], 'about ' || g
              FROM generate_series(0, 2) g, generate_series(0, 19) p;
            INSERT INTO "{hostSchema}".engagements (user_id, post_id, kind, created_at)
              SELECT 'u' || g || '-' || u, 'p' || g || '-' || p, 'like', now() - ((u * 20 + p) * interval '13 minutes')
              FROM generate_series(0, 2) g, generate_series(0, 9) u, generate_series(0, 19) p
              WHERE (u * 7 + p * 3) % 5 < 2;
            """);
        await using var proxy = new OutageProxy(TestDatabase.ConnectionString!);
        await using var through = NpgsqlDataSource.Create(proxy.ConnectionString);
        var services = new ServiceCollection().AddLogging();
        services.AddRecommender(o =>
            {
                o.Training.Evaluate = false;
                o.Serving.CacheDuration = TimeSpan.Zero;
                o.Serving.TimeBudget = TimeSpan.FromSeconds(3);
            })
            .UsePostgres(through, o =>
            {
                o.Schema = options.Schema;
                o.PollInterval = options.PollInterval;
                o.HostTables.Schema = hostSchema;
                o.HealthCheckTimeout = TimeSpan.FromSeconds(2);
            });
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<RecommenderEngine>();
        var health = provider.GetRequiredService<HealthCheckService>();
        await engine.InitializeAsync(Token);
        Assert.Equal(TrainingOutcome.Activated, (await engine.Training.TrainAsync(Token)).Outcome);
        await ExecuteAsync($"INSERT INTO \"{hostSchema}\".posts (id, author_id, created_at, tags) VALUES ('fresh-1', 'a1', now(), ARRAY['topic1'])");
        var before = await engine.RankAsync("u1-2", ["p1-1", "fresh-1", "p2-3"], cancellationToken: Token);
        Assert.Equal(RecommendationSource.Model, before.Source);

        await proxy.StopAsync();

        // A post published since training must be read from the database: it is down, the heuristic answers.
        var during = await engine.RankAsync("u1-2", ["p1-1", "fresh-2", "p2-3"], cancellationToken: Token);
        Assert.Equal(RecommendationSource.Fallback, during.Source);
        Assert.Equal(FallbackReason.Error, during.FallbackReason);
        Assert.Equal(["fresh-2", "p1-1", "p2-3"], during.Items.Select(i => i.PostId).Order(StringComparer.Ordinal));
        var report = await health.CheckHealthAsync(Token);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[PostgresRecommenderDefaults.HealthCheckName].Status);
        Assert.Equal(HealthStatus.Degraded, report.Entries["recommender"].Status); // it answers, from the heuristic

        proxy.Start();

        await ExecuteAsync($"INSERT INTO \"{hostSchema}\".posts (id, author_id, created_at, tags) VALUES ('fresh-2', 'a1', now(), ARRAY['topic1'])");
        await WaitUntilAsync(
            async () => (await engine.RankAsync("u1-2", ["p1-1", "fresh-2", "p2-3"], cancellationToken: Token)).Source == RecommendationSource.Model,
            Patience,
            "the model answering again");
        var last = string.Empty;
        await WaitUntilAsync(
            async () =>
            {
                var now = await health.CheckHealthAsync(Token);
                var entries = string.Join("; ", now.Entries.Select(e => $"{e.Key} {e.Value.Status}: {e.Value.Description}"));
                if (entries != last)
                {
                    // Shown when the test fails: what kept it from Healthy.
                    TestContext.Current.TestOutputHelper?.WriteLine(entries);
                    last = entries;
                }

                return now.Status == HealthStatus.Healthy;
            },
            Patience,
            "healthy again");
        Assert.NotEmpty(last);
    }
}
