using Recommender.Evaluation;
using Recommender.SampleData;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>
/// The learned blend against its peers on the rank task (a feed's candidates: posts of the last days), on a generated
/// feed with planted tastes (500 users, 2,000 posts over 21 days, about 20 k engagements), split by time (latest 20%
/// test). Measured over seeds 1-8 (nDCG@10): hybrid / max(heuristic, nmf) was 1.30-1.74 (mean 1.52); hybrid /
/// hybrid-hand 1.12-1.46 (mean 1.30). The asserted margins, 1.2 and 1.05, hold with room on every seed measured.
/// About two seconds per seed (four models trained).
/// </summary>
public sealed class HybridEvaluationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LearnedBlend_OnAFeedWithPlantedTastes_BeatsHeuristicNmfAndHandWeightsOnTheRankTask(int seed)
    {
        var feed = SocialFeedGenerator.Generate(new SocialFeedOptions { Users = 500, Posts = 2_000, Days = 21, EngagementsPerUser = 40, Seed = seed });
        var split = DataSplitter.ByTime(feed.Engagements, DataSplitter.CutoffFor(feed.Engagements, 0.2));
        var data = new EvaluationData(split.Train, split.Test) { Posts = feed.Posts, Users = feed.Users, Follows = feed.Follows };
        var options = new RecommenderOptions();
        options.Collaborative.Factors = 16;
        options.Collaborative.MaxIterations = 30;
        var hybrid = new HybridEvaluationModel(options);

        var report = new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Rank })
            .Evaluate(data, [new HeuristicEvaluationModel(), new NmfEvaluationModel(options.Collaborative), hybrid, new HybridEvaluationModel(options, learnBlend: false)], TestContext.Current.CancellationToken);
        var m = report.Models.ToDictionary(x => x.Model);

        Assert.True(hybrid.TrainedModel!.Info.BlendLearned, hybrid.TrainedModel.Info.BlendNote);
        var peers = Math.Max(m["heuristic"].Ndcg, m["nmf"].Ndcg);
        Assert.True(m["hybrid"].Ndcg >= 1.2 * peers, $"hybrid nDCG {m["hybrid"].Ndcg:F4}, best peer {peers:F4}");
        Assert.True(m["hybrid"].HitRate > Math.Max(m["heuristic"].HitRate, m["nmf"].HitRate));
        Assert.True(m["hybrid"].Ndcg >= 1.05 * m["hybrid-hand"].Ndcg, $"hybrid nDCG {m["hybrid"].Ndcg:F4}, hand {m["hybrid-hand"].Ndcg:F4}");
    }
}
