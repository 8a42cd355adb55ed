namespace Recommender.Evaluation;

/// <summary>What an offline evaluation asks of each model (the evaluation protocol's two tasks).</summary>
public enum EvaluationTask
{
    /// <summary>
    /// For every test user who appears in train, rank every post that appears in train, minus the posts that user
    /// engaged with in train. Test rows whose user or post is not in train are dropped.
    /// </summary>
    Recommend = 0,

    /// <summary>
    /// Rank the candidates a host would hand in, as a feed does: posts created at or after
    /// <see cref="EvaluationOptions.CandidatesSince"/>, minus the posts the user engaged with in train. Every test
    /// user counts, also one without train history; most relevant posts are new.
    /// </summary>
    Rank = 1,
}
