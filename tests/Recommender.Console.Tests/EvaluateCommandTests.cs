using Recommender.ConsoleSample.Commands;
using Recommender.SampleData;
using Recommender.Ranking;

namespace Recommender.ConsoleSample.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public async Task Evaluate_VerboseWithoutAValue_IsAFlag()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir.File("train.csv"), "user_id,post_id,timestamp\nu1,p1,1700000000\nu2,p2,1700000100\nu1,p3,1700000200\n");
        await WriteAsync(dir.File("test.csv"), "user_id,post_id,timestamp\nu1,p2,1700000300\n");

        var run = await ConsoleRun.RunAsync("evaluate", "--train", dir.File("train.csv"), "--test", dir.File("test.csv"), "--models", "popularity", "--verbose");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"(?m)^popularity\s+0\.1000", run.Output);
    }

    [Fact]
    public async Task Evaluate_PrintsAndWritesTheNdcgInterval()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir.File("train.csv"), "user_id,post_id,timestamp\nu1,p1,1700000000\nu2,p2,1700000100\nu1,p3,1700000200\nu3,p1,1700000250\n");
        await WriteAsync(dir.File("test.csv"), "user_id,post_id,timestamp\nu1,p2,1700000300\nu2,p1,1700000400\nu3,p3,1700000500\n");

        var run = await ConsoleRun.RunAsync("evaluate", "--train", dir.File("train.csv"), "--test", dir.File("test.csv"), "--models", "popularity", "--json", dir.File("out.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("95% interval", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^popularity\s+\S+\s+\S+\s+\S+\s+\[\d\.\d{4}, \d\.\d{4}\]", run.Output);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("out.json"), TestContext.Current.CancellationToken));
        var model = json.RootElement.GetProperty("models").GetProperty("popularity");
        var ci = model.GetProperty("ndcg@10_ci").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(2, ci.Length);
        Assert.InRange(model.GetProperty("ndcg@10").GetDouble(), ci[0], ci[1]);
    }

    [Fact]
    public async Task Evaluate_NoTestUserLeft_SaysWhyInsteadOfZerosOrNaN()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir.File("train.csv"), "user_id,post_id,timestamp\nu1,p1,1700000000\nu2,p2,1700000100\n");
        await WriteAsync(dir.File("test.csv"), "user_id,post_id,timestamp\nstranger,p9,1700000300\n");

        var run = await ConsoleRun.RunAsync("evaluate", "--train", dir.File("train.csv"), "--test", dir.File("test.csv"), "--models", "popularity,nmf");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"(?m)^popularity\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+0\s", run.Output);
        Assert.Contains("-: not computed: no test user is left to score", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FeedTask_PrintsTheWindows_AndWritesTheirSeries()
    {
        using var dir = new TempDirectory();
        SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 80, Posts = 300, Days = 7, EngagementsPerUser = 25, Seed = 9 }).WriteCsv(dir.Path);
        var split = await ConsoleRun.RunAsync("split", "--input", dir.File("interactions.csv"), "--method", "time", "--out", dir.File("split"));
        Assert.True(split.ExitCode == 0, split.Error);

        var run = await ConsoleRun.RunAsync(
            "evaluate", "--train", dir.File("split/train.csv"), "--test", dir.File("split/test.csv"), "--posts", dir.File("posts.csv"),
            "--task", "feed", "--step", "43200", "--updates", "none", "--models", "popularity,heuristic", "--json", dir.File("feed.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"task feed: .* windows of 12 h from ", run.Output);
        Assert.Contains("updates between windows: none", run.Output, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("feed.json"), TestContext.Current.CancellationToken));
        Assert.Equal(43200, json.RootElement.GetProperty("step_seconds").GetDouble());
        Assert.Equal("none", json.RootElement.GetProperty("updates").GetString());
        var windows = json.RootElement.GetProperty("models").GetProperty("heuristic").GetProperty("windows");
        Assert.True(windows.GetArrayLength() >= 2);
        Assert.Equal(
            json.RootElement.GetProperty("models").GetProperty("heuristic").GetProperty("users").GetInt32(),
            windows.EnumerateArray().Sum(w => w.GetProperty("pairs").GetInt32()));
    }

    [Fact]
    public async Task Evaluate_FeedTaskWithoutPosts_IsAUsageError()
    {
        using var dir = new TempDirectory();
        await WriteAsync(dir.File("train.csv"), "user_id,post_id,timestamp\nu1,p1,1700000000\n");
        await WriteAsync(dir.File("test.csv"), "user_id,post_id,timestamp\nu1,p2,1700000300\n");

        var run = await ConsoleRun.RunAsync("evaluate", "--train", dir.File("train.csv"), "--test", dir.File("test.csv"), "--task", "feed");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--task feed needs --posts", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithoutPosts_PrintsNoNaN()
    {
        using var dir = new TempDirectory();
        SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 80, Posts = 300, Days = 7, EngagementsPerUser = 25, Seed = 9 }).WriteCsv(dir.Path);

        var run = await ConsoleRun.RunAsync("train", "--interactions", dir.File("interactions.csv"), "--out", dir.File("model.bin"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("blend of signals: ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BlendLine_AucsNotMeasured_SaysSoInsteadOfNaN()
    {
        var line = TrainCommand.BlendLine(new RecommenderModelInfo { BlendLearned = true, BlendNote = "learned (AUC NaN)" });

        Assert.Equal("blend of signals: learned on the latest engagements held out (no AUC: the blend was chosen without sampled validation groups)", line);
    }

    [Fact]
    public void BlendLine_OneSignalAloneShipped_SaysSoRatherThanHandWeights()
    {
        var line = TrainCommand.BlendLine(new RecommenderModelInfo { BlendLearned = false, BlendNote = "holdout latest; content alone (content 1.0000); guard: ships content alone" });

        Assert.Equal("blend of signals: one signal alone (holdout latest; content alone (content 1.0000); guard: ships content alone)", line);
    }

    [Fact]
    public void BlendLine_AucsMeasured_ShowsThem()
    {
        var line = TrainCommand.BlendLine(new RecommenderModelInfo { BlendLearned = true, BlendLearnedAuc = 0.71, BlendHandAuc = 0.64, BlendNote = "learned" });

        Assert.Equal("blend of signals: learned on the latest engagements held out (AUC 0.710, hand weights 0.640; learned)", line);
    }

    private static Task WriteAsync(string path, string text) => File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
}
