using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;
using SnippetsHost;

// A console app on the generic host: AddRecommender, train and wait, a ranked feed. Exit code 1 names what failed.
var data = DataSnippet.Create();
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddRecommender().UseInMemoryData(data.Source);
using var host = builder.Build();
await host.StartAsync();
var run = await host.Services.GetRequiredService<TrainingPipeline>().TrainAsync();
var feed = await host.Services.GetRequiredService<IRecommender>().RankAsync("alice", ["post-1", "post-2", "post-3", "post-4"]);
Console.WriteLine($"generic host: training {run.Outcome}; alice: {string.Join(", ", feed.Items.Select(i => $"{i.PostId} {i.Score:F3} {i.Source}"))}");
await host.StopAsync();
if (run.Outcome != TrainingOutcome.Activated || feed.Items.Count == 0 || feed.Source == RecommendationSource.Fallback)
{
    Console.WriteLine($"generic host: FAILED (training {run.Outcome} {run.Error}; feed {feed.Items.Count} posts from {feed.Source}, {feed.FallbackReason})");
    return 1;
}

return 0;
