using Recommender.Collaborative;
using Recommender.ConsoleSample.Commands;
using Recommender.ConsoleSample.Reports;
using Recommender.Evaluation;
using Recommender.SampleData;

namespace Recommender.ConsoleSample.Tests;

public sealed class CurveRecorderTests
{
    [Theory]
    [InlineData(EvaluationTask.Rank, 10)]
    [InlineData(EvaluationTask.Recommend, 10)]
    [InlineData(EvaluationTask.Rank, 3)]
    public void Curves_AtTheEvaluatorsK_EqualItsPrecisionAndNdcg(EvaluationTask task, int k)
    {
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 120, Posts = 400, Days = 10, EngagementsPerUser = 25, Seed = 3 });
        var split = DataSplitter.ByTime(feed.Engagements, DataSplitter.CutoffFor(feed.Engagements, 0.2));
        var data = new EvaluationData(split.Train, split.Test) { Posts = feed.Posts, Users = feed.Users, Follows = feed.Follows };
        var recorder = new CurveRecorder(data, task, maxK: 20);
        var models = recorder.Wrap(EvaluateCommand.CreateModels(EvaluateCommand.DefaultModels, new NmfOptions { Seed = 3 }));

        var report = new OfflineEvaluator(new EvaluationOptions { Task = task, K = k }).Evaluate(data, models, TestContext.Current.CancellationToken);

        Assert.Equal(report.Models.Count, recorder.Curves.Count);
        for (var i = 0; i < report.Models.Count; i++)
        {
            var row = report.Models[i];
            var curve = recorder.Curves[i];
            Assert.Equal(row.Model, curve.Model);
            Assert.Equal(row.Users, curve.Users);
            Assert.Equal(row.Precision, curve.Precision[k - 1], 1e-9);
            Assert.Equal(row.Ndcg, curve.Ndcg[k - 1], 1e-9);
        }

        // Something was learned: the curves are not all zero.
        Assert.Contains(recorder.Curves, c => c.Ndcg[^1] > 0);
    }
}
