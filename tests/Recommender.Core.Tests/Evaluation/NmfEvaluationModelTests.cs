using Recommender.Collaborative;
using Recommender.Data;
using Recommender.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class NmfEvaluationModelTests
{
    private static readonly DateTimeOffset Old = new(1998, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Two communities of 30 users over 20 posts each; every user engaged with 12 of their community's posts, held
    /// out 3 of them. A few posts of community B are the most popular overall, so popularity misleads community A.
    /// Timestamps are years old: weights must decay from the data's end, not from today.
    /// </summary>
    private static EvaluationData Communities()
    {
        var random = new Random(11);
        var train = new List<Engagement>();
        var test = new List<Engagement>();
        for (var u = 0; u < 60; u++)
        {
            var community = u < 30 ? "a" : "b";
            var posts = Enumerable.Range(0, 20).OrderBy(_ => random.Next()).Take(12).ToList();
            for (var i = 0; i < posts.Count; i++)
            {
                var e = new Engagement($"u{u}", $"{community}{posts[i]}", EngagementKind.View, Old.AddHours(random.Next(1000)));
                (i < 3 ? test : train).Add(e);
            }
        }

        for (var u = 30; u < 60; u++)
        {
            train.Add(new Engagement($"u{u}", "hot", EngagementKind.Like, Old.AddHours(1000)));
        }

        return new EvaluationData(train, test);
    }

    [Fact]
    public void Fit_OnCommunities_BeatsPopularity()
    {
        var options = new EvaluationOptions();
        options.Weighting.HalfLife = TimeSpan.FromDays(1);

        var report = new OfflineEvaluator(options).Evaluate(Communities(), [new PopularityModel(), new NmfEvaluationModel(new NmfOptions { Factors = 4 })], TestContext.Current.CancellationToken);

        Assert.True(report.Models[1].Ndcg > report.Models[0].Ndcg + 0.1, $"nmf {report.Models[1].Ndcg} vs popularity {report.Models[0].Ndcg}");
        Assert.True(report.Models[1].TrainingTime > TimeSpan.Zero);
    }

    [Fact]
    public void Fit_DecaysFromTheEndOfTrain_NotFromToday()
    {
        // Frobenius NMF reconstructs the weights themselves. Half-life 1 hour: measured from today, 25-year-old
        // engagements would all have decayed to nothing; measured from the end of train, the latest ones (the "hot"
        // likes, weight 4 at age 0) keep their weight and are reconstructed.
        var model = new NmfEvaluationModel(new NmfOptions { Factors = 4, Objective = NmfObjective.Frobenius });
        var options = new EvaluationOptions();
        options.Weighting.HalfLife = TimeSpan.FromHours(1);

        new OfflineEvaluator(options).Evaluate(Communities(), [model], TestContext.Current.CancellationToken);

        Assert.True(model.TrainedModel!.TryScore("u30", "hot", out var score));
        Assert.True(score > 1f, $"score {score}");
    }

    [Fact]
    public void Score_UnknownUserOrPost_ScoresZero_KnownPairsScorePositive()
    {
        var data = Communities();
        var heldOut = data.Test.First(e => e.UserId == "u0").PostId; // a community-a post u0 did not engage with in train
        var probe = new ProbeModel(new NmfEvaluationModel(new NmfOptions { Factors = 4 }));
        var withStranger = data with
        {
            Test = [.. data.Test, new Engagement("stranger", heldOut, EngagementKind.View, Old)],
            Posts = [new Post("never-seen", null, Old), new Post(heldOut, null, Old)],
        };

        new OfflineEvaluator(new EvaluationOptions { Task = EvaluationTask.Rank, CandidatesSince = DateTimeOffset.UnixEpoch }).Evaluate(withStranger, [probe], TestContext.Current.CancellationToken);

        // Candidates in ordinal order: the held-out "a.." post, then "never-seen".
        Assert.Equal([0f, 0f], probe.Scores["stranger"]);
        Assert.True(probe.Scores["u0"][0] > 0f);
        Assert.Equal(0f, probe.Scores["u0"][1]);
    }

    /// <summary>Wraps a model and records the scores it gives.</summary>
    private sealed class ProbeModel(IEvaluationModel inner) : IEvaluationModel
    {
        public string Name => inner.Name;

        public Dictionary<string, float[]> Scores { get; } = [];

        public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default) =>
            new Probe(inner.Fit(training, cancellationToken), Scores);

        private sealed class Probe(IEvaluationScorer inner, Dictionary<string, float[]> scores) : IEvaluationScorer
        {
            public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> destination)
            {
                inner.Score(userId, candidates, destination);
                scores[userId] = destination.ToArray();
            }
        }
    }
}
