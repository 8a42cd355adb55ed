namespace Recommender.Ranking;

/// <summary>What a trained <see cref="RecommenderModel"/> was trained on and how.</summary>
public sealed record RecommenderModelInfo
{
    /// <summary>The moment ages were measured from (the training clock's "now").</summary>
    public DateTimeOffset TrainedAt { get; init; }

    /// <summary>The latest engagement timestamp in the training data, or null when there was none.</summary>
    public DateTimeOffset? DataWatermark { get; init; }

    /// <summary>Users known to the model.</summary>
    public int Users { get; init; }

    /// <summary>Posts known to the model.</summary>
    public int Posts { get; init; }

    /// <summary>Engagements accepted.</summary>
    public long Engagements { get; init; }

    /// <summary>True when the blend of signals was fitted on held-out engagements; false for hand weights.</summary>
    public bool BlendLearned { get; init; }

    /// <summary>
    /// Why the blend is what it is (for example "learned", or why hand weights were kept), with what each contender
    /// measured; a measure the data did not allow is named with the reason, never as NaN.
    /// </summary>
    public string BlendNote { get; init; } = string.Empty;

    /// <summary>
    /// Mean per-engagement AUC of the learned blend on the blend's feed validation groups; NaN when not measured (hand
    /// weights, or no feed groups in the holdout, as without posts): <see cref="BlendNote"/> then says why.
    /// </summary>
    public double BlendLearnedAuc { get; init; } = double.NaN;

    /// <summary>The same for the hand weights.</summary>
    public double BlendHandAuc { get; init; } = double.NaN;

    /// <summary>Wall-clock training time.</summary>
    public TimeSpan Duration { get; init; }
}
