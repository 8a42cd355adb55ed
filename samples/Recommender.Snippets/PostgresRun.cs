using Npgsql;
using Recommender.Postgres;
using Recommender.Serving;
using Recommender.Training;

namespace SnippetsHost;

/// <summary>
/// Runs docs/postgres.md's snippet on a real database: the host's tables (the sample layout, engagements renamed
/// user_events as the snippet maps them) in a schema of their own, dropped afterwards.
/// </summary>
internal static class PostgresRun
{
    public static async Task<List<(bool Ok, string What)>> RunAsync(string connectionString, SnippetData data)
    {
        var results = new List<(bool, string)>();
        var schema = "snippets_" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = NpgsqlDataSource.Create(connectionString))
        {
            await PostgresSampleSchema.CreateAsync(setup, schema);
            await PostgresSampleSchema.FillAsync(setup, schema, data.Users, data.Posts, data.Engagements, data.Follows);
            await using var rename = setup.CreateCommand($"ALTER TABLE {schema}.engagements RENAME TO user_events");
            await rename.ExecuteNonQueryAsync();
        }

        var hostConnection = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
        try
        {
            var app = await PostgresSnippet.BuildAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--ConnectionStrings:app", hostConnection]);
            await app.StartAsync();
            var run = await app.Services.GetRequiredService<TrainingPipeline>().TrainAsync();
            results.Add((run.Outcome == TrainingOutcome.Activated, $"trained on the host's tables and activated ({run.Outcome}{(run.Error is null ? "" : ": " + run.Error)})"));
            var feed = await app.Services.GetRequiredService<IRecommender>().RecommendAsync("alice", 10);
            Console.WriteLine($"  alice: {string.Join(", ", feed.Items.Select(i => $"{i.PostId} {i.Score:F3} {i.Source}"))}");
            results.Add((feed.Items.Count > 0 && feed.ModelVersion == run.ModelVersion, $"alice's feed comes from that model ({feed.Items.Count} posts, {feed.ModelVersion})"));
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var health = await http.GetAsync("/health");
            var text = await health.Content.ReadAsStringAsync();
            Console.WriteLine($"  GET /health -> {(int)health.StatusCode} {text}");
            results.Add((health.IsSuccessStatusCode, "the health checks \"recommender\" and \"recommender-postgres\" are healthy"));
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            await using var cleanup = NpgsqlDataSource.Create(connectionString);
            await using var drop = cleanup.CreateCommand($"DROP SCHEMA {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        return results;
    }
}
