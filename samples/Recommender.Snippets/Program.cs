using System.Text.Json;
using Recommender.Ranking;
using SnippetsHost;
using Recommender.Training;

// Runs every C# snippet of the documentation (README.md, docs/*.md, the package readmes) against the packed
// packages and checks what a user would see; exit code 1 names what failed. .ci/packed-host runs it.
var failures = new List<string>();
void Check(bool ok, string what)
{
    Console.WriteLine($"  [{(ok ? "ok" : "FAILED")}] {what}");
    if (!ok)
    {
        failures.Add(what);
    }
}

var data = DataSnippet.Create();

Console.WriteLine("== README: without dependency injection");
var (run, feed, ranked) = await WithoutDiSnippet.RunAsync(data.Source);
Check(run.Outcome == TrainingOutcome.Activated, $"the training run activated a model ({run.Outcome}{(run.Error is null ? "" : ": " + run.Error)})");
Check(feed.Items.Count > 0 && feed.Source != RecommendationSource.Fallback, $"alice's feed comes from the model ({feed.Items.Count} posts, {feed.Source}, {feed.FallbackReason})");
Check(ranked.Items.Count == 2 && ranked.Items.All(i => i.PostId != "post-3") && ranked.UnknownCandidates.Count == 0, $"the ranking after the like leaves the liked post out ({string.Join(", ", ranked.Items.Select(i => i.PostId))})");

Console.WriteLine("== README: each piece on its own");
var pieces = PiecesSnippet.Run(data.Users, data.Posts, data.Engagements, data.Follows);
Check(pieces.Count > 0 && File.Exists("model.rcm"), $"the hybrid ranker ranks alice's candidates ({pieces.Count}) and model.rcm is written");

Console.WriteLine("== README: with dependency injection, then train and wait");
var app = DiSnippet.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], DataSnippet.Create().Source);
var started = new TaskCompletionSource();
app.Lifetime.ApplicationStarted.Register(() => started.TrySetResult());
var webChecks = Task.Run(async () =>
{
    try
    {
        await started.Task;
        var trained = await app.Services.GetRequiredService<TrainingPipeline>().TrainAsync();   // joins the snippet's run
        Check(trained.Outcome == TrainingOutcome.Activated, $"the DI host trained and activated a model ({trained.Outcome})");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await http.PostAsJsonAsync("/feed/alice", new[] { "post-1", "post-2", "post-3", "post-4" });
        var json = await response.Content.ReadAsStringAsync();
        Console.WriteLine($"  POST /feed/alice -> {(int)response.StatusCode} {json}");
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.EnumerateArray().ToList();
        Check(response.IsSuccessStatusCode && items.Count > 0, "the feed endpoint answers a ranked feed");
        Check(items.All(i => i.GetProperty("source").ValueKind == JsonValueKind.String), "\"source\" is written as a name, not a number");
        using var health = await http.GetAsync("/health");
        var healthText = await health.Content.ReadAsStringAsync();
        Console.WriteLine($"  GET /health -> {(int)health.StatusCode} {healthText}");
        Check(health.IsSuccessStatusCode, "the health check is healthy");
        using var train = await http.PostAsync("/admin/train", null);
        var trainText = await train.Content.ReadAsStringAsync();
        Console.WriteLine($"  POST /admin/train -> {(int)train.StatusCode} {trainText}");
        Check(train.IsSuccessStatusCode && trainText == "Activated", "the training endpoint answers when the run has ended");
    }
    catch (Exception ex)
    {
        Check(false, $"the DI host answered ({ex.GetType().Name}: {ex.Message})");
    }
    finally
    {
        app.Lifetime.StopApplication();
    }
});
await TrainAndWaitSnippet.RunAsync(app);
await webChecks;
await app.DisposeAsync();

var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__app");
if (string.IsNullOrEmpty(connectionString))
{
    Console.WriteLine("== docs/postgres.md: compiled, not run (set ConnectionStrings__app to a PostgreSQL database to run it)");
}
else
{
    Console.WriteLine("== docs/postgres.md");
    foreach (var (ok, what) in await PostgresRun.RunAsync(connectionString, data))
    {
        Check(ok, what);
    }
}

if (failures.Count > 0)
{
    Console.WriteLine($"snippets: {failures.Count} check(s) failed: {string.Join("; ", failures)}");
    return 1;
}

Console.WriteLine("snippets: every check passed");
return 0;
