namespace Recommender.Evaluation;

/// <summary>The outcome of one <see cref="OfflineEvaluator.Evaluate"/> run: the data, the settings, one row per model.</summary>
/// <param name="Dataset">The data's size.</param>
/// <param name="K">The list length the metrics look at.</param>
/// <param name="Task">The task evaluated.</param>
/// <param name="Models">One evaluation per model, in the order the models were given.</param>
public sealed record EvaluationReport(DatasetSummary Dataset, int K, EvaluationTask Task, IReadOnlyList<ModelEvaluation> Models)
{
    /// <summary>The end of the train data, from which engagement ages were measured.</summary>
    public DateTimeOffset ReferenceTime { get; init; }

    /// <summary>The moment the ranking happened (feed task: the first window's start).</summary>
    public DateTimeOffset RankingTime { get; init; }

    /// <summary>Rank task: the creation time from which posts were candidates; null for the recommend task.</summary>
    public DateTimeOffset? CandidatesSince { get; init; }

    /// <summary>Feed task: the length of each window; null for the other tasks.</summary>
    public TimeSpan? Step { get; init; }

    /// <summary>Feed task: what the models learned of the test rows before each window; null for the other tasks.</summary>
    public FeedUpdates? Updates { get; init; }

    /// <summary>The engagement half-life used (<see cref="Timeout.InfiniteTimeSpan"/>: no decay).</summary>
    public TimeSpan HalfLife { get; init; }

    /// <summary>
    /// The protocol's JSON: <c>{"dataset": {"users", "posts", "train", "test"}, "k", "models": {name: {"precision@k",
    /// "recall@k", "ndcg@k", "ndcg@k_ci" ([lower, upper], the bootstrap 95% interval; null when no user was scored), "map@k", "hit@k", "coverage", "users", "train_seconds"}}}</c>, indented; the feed task adds <c>"step_seconds"</c>, <c>"updates"</c> and, per model, <c>"windows": [{"start" (unix seconds), "ndcg@k", "pairs"}]</c>.
    /// </summary>
    public string ToJson() => EvaluationJson.Write(this);
}
