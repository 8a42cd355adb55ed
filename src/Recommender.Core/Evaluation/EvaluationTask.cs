namespace Recommender.Evaluation;

/// <summary>What an offline evaluation asks of each model (the evaluation protocol's three tasks).</summary>
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

    /// <summary>
    /// Replay the test period window by window, as a live feed lives it: windows of <see cref="EvaluationOptions.Step"/>
    /// from the first test timestamp; at each window's start the model ranks, for every user with test rows in the
    /// window, the posts created in the 3 days before, minus every post the user engaged with before. The test rows
    /// before the window reach the model as <see cref="EvaluationOptions.Updates"/> says (by default through the
    /// real-time call a host makes). Metrics are averaged over (user, window) pairs; every test user counts.
    /// </summary>
    Feed = 2,
}
