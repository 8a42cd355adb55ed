namespace Recommender.Evaluation;

/// <summary>The size of the data an evaluation ran on, as the protocol's JSON reports it.</summary>
/// <param name="Users">Distinct users in train.</param>
/// <param name="Posts">Candidate posts: distinct posts in train (recommend task) or the rank task's candidate pool; the denominator of coverage.</param>
/// <param name="Train">Train rows.</param>
/// <param name="Test">Test rows evaluated (after the recommend task drops rows whose user or post is not in train).</param>
public sealed record DatasetSummary(int Users, int Posts, int Train, int Test);

/// <summary>One model's scores, averaged over the test users (binary relevance).</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Precision">Hits in the top k / k.</param>
/// <param name="Recall">Hits in the top k / relevant posts.</param>
/// <param name="Ndcg">DCG of the top k / the DCG of min(k, relevant) hits.</param>
/// <param name="Map">Average precision at k: the sum over hit positions of hits so far / position, / min(k, relevant).</param>
/// <param name="HitRate">The share of users with at least one hit in the top k.</param>
/// <param name="Coverage">Distinct posts recommended to anyone / candidate posts.</param>
/// <param name="Users">The test users averaged over.</param>
/// <param name="TrainingTime">How long <see cref="IEvaluationModel.Fit"/> took.</param>
public sealed record ModelEvaluation(
    string Model,
    double Precision,
    double Recall,
    double Ndcg,
    double Map,
    double HitRate,
    double Coverage,
    int Users,
    TimeSpan TrainingTime);
