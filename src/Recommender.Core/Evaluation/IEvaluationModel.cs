namespace Recommender.Evaluation;

/// <summary>
/// A recommendation method that <see cref="OfflineEvaluator"/> can train on the train data and then query. One
/// instance is one configuration (for example NMF with 50 factors); it is fitted once per evaluation.
/// </summary>
/// <remarks>
/// To add a model: fit whatever it needs from <see cref="EvaluationTrainingSet"/> (engagements, posts, users,
/// follows, the reference and ranking times, the weighting), and return a scorer that maps the candidates' indices
/// in <see cref="EvaluationTrainingSet.Catalog"/> to its own once, so that scoring a user is a tight loop. Weights
/// must decay through <see cref="EvaluationTrainingSet.TimeProvider"/>, which stands at the end of the train data.
/// </remarks>
public interface IEvaluationModel
{
    /// <summary>The model's name in reports: <c>popularity</c>, <c>heuristic</c>, <c>nmf</c>, <c>content</c>, <c>hybrid</c>, ...</summary>
    string Name { get; }

    /// <summary>Trains on the train data. The time this takes is reported as the model's training time.</summary>
    /// <param name="training">The train data and its context.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>A scorer for the trained model.</returns>
    IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default);
}

/// <summary>Scores candidate posts for a user with a trained model. Called from one thread at a time.</summary>
public interface IEvaluationScorer
{
    /// <summary>
    /// Writes one score per candidate; higher ranks first. Equal scores are ranked by post id (ordinal); a NaN
    /// score leaves the post out of the ranking. A user or post the model does not know should score 0 (or whatever
    /// its cold-start answer is), never throw.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="candidates">Indices into <see cref="EvaluationTrainingSet.Catalog"/>, ascending.</param>
    /// <param name="scores">Receives a score per candidate; its length equals that of <paramref name="candidates"/>.</param>
    void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores);
}
