using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// A scorer that lives through the feed task (<see cref="EvaluationTask.Feed"/>): told when each window starts and,
/// with <see cref="FeedUpdates.Realtime"/>, every engagement that happened before it, as a serving host would be.
/// A scorer that does not implement it stays as trained and ranks at <see cref="EvaluationTrainingSet.RankingTime"/>.
/// Called from one thread at a time.
/// </summary>
public interface IFeedEvaluationScorer : IEvaluationScorer
{
    /// <summary>Moves the ranking moment (post age, freshness, decay) to <paramref name="now"/>; called at each window's start, never backwards.</summary>
    /// <param name="now">The window's start.</param>
    void AdvanceTo(DateTimeOffset now);

    /// <summary>
    /// An engagement that happened (a test row before the current window), in timestamp order, before
    /// <see cref="AdvanceTo"/> of the window it precedes. Its user or post may be unknown to the model: fold it in as
    /// far as the model can, never throw for that.
    /// </summary>
    /// <param name="engagement">The engagement.</param>
    void Record(in Engagement engagement);
}
