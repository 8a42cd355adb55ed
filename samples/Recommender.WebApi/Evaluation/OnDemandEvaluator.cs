using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Serving;
using Recommender.WebApi.Contracts;

namespace Recommender.WebApi.Evaluation;

/// <summary>
/// GET /api/v1/model/evaluate?onDemand=true: the training pipeline's evaluation, run now on the data as it is, without
/// publishing anything. Reads the evaluation window (Recommender:Training:EvaluationWindow), holds out its latest
/// engagements (HoldoutFraction), trains a model the way the pipeline does on the rest ("candidate"), and scores it
/// and the heuristic on the rank task at k (EvaluationK). Synchronous, CPU-bound, and as slow as a training: meant
/// for small data and operators, not for traffic. (The serving model itself is not re-scored: the SDK keeps that
/// evaluation model internal; its score at training time is in the stored metrics, "active.ndcg@k" of the next run.)
/// </summary>
internal sealed class OnDemandEvaluator(RecommenderEngine engine, IRecommenderDataSource source, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<OnDemandEvaluator>();

    public async Task<OnDemandEvaluation> EvaluateAsync(CancellationToken cancellationToken)
    {
        var options = engine.Options;
        var training = options.Training;
        var since = timeProvider.GetUtcNow() - training.EvaluationWindow;
        var engagements = new List<Engagement>();
        await foreach (var e in source.ReadEngagementsAsync(since, cancellationToken))
        {
            engagements.Add(e);
        }

        var posts = new List<Post>();
        await foreach (var post in source.ReadPostsAsync(null, cancellationToken))
        {
            posts.Add(post);
        }

        var follows = new List<Follow>();
        await foreach (var follow in source.ReadFollowsAsync(cancellationToken))
        {
            follows.Add(follow);
        }

        if (engagements.Count < 20 || posts.Count == 0)
        {
            return new OnDemandEvaluation(training.EvaluationK, engagements.Count, 0, 0, posts.Count, []);
        }

        var split = DataSplitter.ByTime(engagements, DataSplitter.CutoffFor(engagements, training.HoldoutFraction));
        if (split.Train.Count == 0 || split.Test.Count == 0)
        {
            return new OnDemandEvaluation(training.EvaluationK, split.Train.Count, split.Test.Count, 0, posts.Count, []);
        }

        var data = new EvaluationData(split.Train, split.Test) { Posts = posts, Follows = follows };
        IEvaluationModel[] models =
        [
            new HybridEvaluationModel(options, options.Ranking.LearnBlend, loggerFactory, "candidate"),
            new HeuristicEvaluationModel(options.Heuristic),
        ];
        var evaluation = new EvaluationOptions { Task = EvaluationTask.Rank, K = training.EvaluationK, Weighting = options.Weighting };
        var report = await Task.Run(
            () => new OfflineEvaluator(evaluation, loggerFactory.CreateLogger("Recommender.Evaluation"), timeProvider).Evaluate(data, models, cancellationToken),
            cancellationToken);
        Log.OnDemandEvaluation(_logger, report.Models[0].Users, report.Dataset.Test, report.K);
        return new OnDemandEvaluation(
            report.K,
            report.Dataset.Train,
            report.Dataset.Test,
            report.Models[0].Users,
            report.Dataset.Posts,
            [.. report.Models.Select(Score)]);
    }

    /// <summary>A model's scores; null for each metric when no test user could be scored (a mean of nothing), never NaN.</summary>
    private static ModelScore Score(ModelEvaluation m)
    {
        double? F(double value) => m.Users == 0 ? null : ContractMapping.Figure(value);
        return new ModelScore(m.Model, F(m.Ndcg), F(m.Precision), F(m.Recall), F(m.Map), F(m.HitRate), F(m.Coverage), m.Users, m.TrainingTime.TotalSeconds);
    }
}
