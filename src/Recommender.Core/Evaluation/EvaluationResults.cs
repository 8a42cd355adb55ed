namespace Recommender.Evaluation;

/// <summary>The size of the data an evaluation ran on, as the protocol's JSON reports it.</summary>
/// <param name="Users">Distinct users in train.</param>
/// <param name="Posts">Candidate posts: distinct posts in train (recommend task) or the rank task's candidate pool; the denominator of coverage.</param>
/// <param name="Train">Train rows.</param>
/// <param name="Test">Test rows evaluated (after the recommend task drops rows whose user or post is not in train).</param>
public sealed record DatasetSummary(int Users, int Posts, int Train, int Test);

/// <summary>One model's scores, averaged over the test users (in the feed task, over the (user, window) pairs; binary relevance).</summary>
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
    TimeSpan TrainingTime)
{
    /// <summary>
    /// The bootstrap 95% interval of <see cref="Ndcg"/> (1,000 resamples of the test users, fixed seed); (NaN, NaN)
    /// when no user was scored. Two models whose intervals overlap are not told apart by this evaluation.
    /// </summary>
    public ConfidenceInterval NdcgInterval { get; init; } = new(double.NaN, double.NaN);

    /// <summary>Each scored user's NDCG@k, in the order of the evaluation's test users (the same order for every model of a run, so two models can be compared user by user).</summary>
    public IReadOnlyList<double> UserNdcg { get; init; } = [];

    /// <summary>Feed task: each window's NDCG@k and scored users, in time order; empty for the other tasks.</summary>
    public IReadOnlyList<FeedWindow> Windows { get; init; } = [];

    /// <summary>
    /// The paired bootstrap 95% interval of this model's NDCG@k minus <paramref name="other"/>'s, user by user (both
    /// from the same evaluation run): a lower bound above 0 says this model is better with 95% confidence.
    /// </summary>
    /// <param name="other">A model of the same run.</param>
    /// <exception cref="ArgumentException">The two were not scored on the same users (not from the same run).</exception>
    public ConfidenceInterval NdcgDifference(ModelEvaluation other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bootstrap.PairedDifference([.. UserNdcg], [.. other.UserNdcg]);
    }
}
