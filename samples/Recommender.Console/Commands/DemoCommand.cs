using Recommender.Collaborative;
using Recommender.ConsoleSample.Cli;
using Recommender.Evaluation;
using Recommender.SampleData;

namespace Recommender.ConsoleSample.Commands;

/// <summary>
/// The default run: a small generated social feed, split by time (the latest 20% of rows are test), then both
/// evaluation tasks with every model.
/// </summary>
public static class DemoCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var a = CommandLineArguments.Parse("demo", args, []);
        if (a.Help)
        {
            output.Write(HelpText.Overview);
            return ConsoleApp.Ok;
        }

        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 500, Posts = 2_000, Days = 21, EngagementsPerUser = 40, Seed = 7 });
        var cutoff = DataSplitter.CutoffFor(feed.Engagements, 0.2);
        var split = DataSplitter.ByTime(feed.Engagements, cutoff);
        output.WriteLine($"Generated a social feed: {feed.Users.Count} users, {feed.Posts.Count} posts on {feed.Topics.Count} topics, {feed.Engagements.Count} engagements, {feed.Follows.Count} follows (seed 7).");
        output.WriteLine($"Split by time at {cutoff:yyyy-MM-dd HH:mm}Z: {split.Train.Count} train rows, {split.Test.Count} test rows.");
        var data = new EvaluationData(split.Train, split.Test) { Posts = feed.Posts, Users = feed.Users, Follows = feed.Follows };
        foreach (var task in new[] { EvaluationTask.Recommend, EvaluationTask.Rank })
        {
            var models = EvaluateCommand.CreateModels(EvaluateCommand.DefaultModels, new NmfOptions());
            var report = new OfflineEvaluator(new EvaluationOptions { Task = task }).Evaluate(data, models);
            output.WriteLine();
            ResultTable.WriteContext(output, report);
            ResultTable.Write(output, report);
        }

        output.WriteLine();
        output.WriteLine("Evaluate your own data: recommender evaluate --train train.csv --test test.csv [--posts posts.csv] (see --help).");
        return ConsoleApp.Ok;
    }
}
