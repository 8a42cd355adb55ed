using System.Text.RegularExpressions;
using Recommender.SampleData;

namespace Recommender.ConsoleSample.Tests;

public sealed class TrainRecommendTests
{
    [Fact]
    public async Task Train_ThenRecommend_ModelFileRoundTrips()
    {
        using var dir = new TempDirectory();
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 80, Posts = 300, Days = 7, EngagementsPerUser = 25, Seed = 9 });
        feed.WriteCsv(dir.Path);
        var model = dir.File("out/model.bin");

        var train = await ConsoleRun.RunAsync("train", "--interactions", dir.File("interactions.csv"), "--posts", dir.File("posts.csv"), "--users", dir.File("users.csv"), "--out", model);

        Assert.Equal(0, train.ExitCode);
        Assert.Equal(string.Empty, train.Error);
        Assert.True(new FileInfo(model).Length > 0);
        Assert.Contains("wrote " + model, train.Output, StringComparison.Ordinal);

        var user = feed.Engagements[^1].UserId;
        var recommend = await ConsoleRun.RunAsync("recommend", "--model", model, "--user", user, "--posts", dir.File("posts.csv"), "--count", "5");

        Assert.Equal(0, recommend.ExitCode);
        Assert.Contains($"{user}: known to the model", recommend.Output, StringComparison.Ordinal);
        var ranked = recommend.Lines.Where(l => Regex.IsMatch(l, @"^\d+\s+p\d+\s+\d\.\d{3}\s+(model|cold start)\s+#")).ToList();
        Assert.Equal(5, ranked.Count);
    }

    [Fact]
    public async Task Recommend_UnknownUser_GetsAColdStartFeed()
    {
        using var dir = new TempDirectory();
        SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 60, Posts = 200, Days = 5, EngagementsPerUser = 20, Seed = 2 }).WriteCsv(dir.Path);
        var model = dir.File("model.bin");
        Assert.Equal(0, (await ConsoleRun.RunAsync("train", "--interactions", dir.File("interactions.csv"), "--posts", dir.File("posts.csv"), "--out", model)).ExitCode);

        var run = await ConsoleRun.RunAsync("recommend", "--model", model, "--user", "someone-new", "--count", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("someone-new: new to the model", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, run.Lines.Count(l => Regex.IsMatch(l, @"^\d+\s+p\d+\s+\d\.\d{3}\s+cold start")));
    }
}
