namespace Recommender.Evaluation;

/// <summary>What a model learns of the test rows before each window of the feed task (<see cref="EvaluationTask.Feed"/>).</summary>
public enum FeedUpdates
{
    /// <summary>
    /// The default: every test row before the window is handed to the model, in timestamp order, through the same
    /// real-time call a host makes when an engagement happens (for the hybrid, <c>RecommenderEngine.RecordEngagementAsync</c>;
    /// for other models, <see cref="IFeedEvaluationScorer.Record"/>); no retraining.
    /// </summary>
    Realtime = 0,

    /// <summary>The model stays as trained on the train data; only the ranking moment moves.</summary>
    None = 1,

    /// <summary>The model is trained again before every window on the train data plus the test rows before it (slow; for comparison).</summary>
    Retrain = 2,
}
