using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>Options of <see cref="OfflineEvaluator"/>. Every option documents its default; <see cref="Validate"/> lists every error at once.</summary>
public sealed class EvaluationOptions
{
    /// <summary>The length of each ranked list the metrics look at. Default 10; 1 to 10,000.</summary>
    public int K { get; set; } = EvaluationDefaults.K;

    /// <summary>The task. Default <see cref="EvaluationTask.Recommend"/>.</summary>
    public EvaluationTask Task { get; set; } = EvaluationTask.Recommend;

    /// <summary>
    /// Rank task only: candidates are the posts created at or after this moment. Default null: 3 days before the first
    /// test timestamp.
    /// </summary>
    public DateTimeOffset? CandidatesSince { get; set; }

    /// <summary>
    /// The moment the ranking happens, handed to models as <see cref="EvaluationTrainingSet.RankingTime"/> (post age,
    /// freshness). Default null: the last test timestamp.
    /// </summary>
    public DateTimeOffset? RankingTime { get; set; }

    /// <summary>
    /// Feed task only: the length of each window (the ranking happens at its start). Default 1 day; more than zero,
    /// at most 3,650 days.
    /// </summary>
    public TimeSpan Step { get; set; } = EvaluationDefaults.FeedStep;

    /// <summary>Feed task only: what the models learn of the test rows before each window. Default <see cref="FeedUpdates.Realtime"/>.</summary>
    public FeedUpdates Updates { get; set; } = FeedUpdates.Realtime;

    /// <summary>
    /// How engagements become weights for every model that weights them. Default: the library defaults (half-life
    /// 7 days). Ages are measured from the end of the train data (its latest timestamp), never from the wall clock,
    /// so old data sets such as MovieLens keep meaningful weights; <see cref="Timeout.InfiniteTimeSpan"/> as the
    /// half-life disables decay.
    /// </summary>
    public EngagementWeightingOptions Weighting { get; set; } = new();

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names.</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (K is < 1 or > EvaluationDefaults.MaxK)
        {
            errors.Add($"{prefix}{nameof(K)} must be between 1 and {EvaluationDefaults.MaxK}, was {K}.");
        }

        if (!Enum.IsDefined(Task))
        {
            errors.Add($"{prefix}{nameof(Task)} has an undefined value {(int)Task}.");
        }

        if (Step <= TimeSpan.Zero || Step > EvaluationDefaults.MaxFeedStep)
        {
            errors.Add($"{prefix}{nameof(Step)} must be more than zero and at most {EvaluationDefaults.MaxFeedStep.TotalDays} days, was {Step}.");
        }

        if (!Enum.IsDefined(Updates))
        {
            errors.Add($"{prefix}{nameof(Updates)} has an undefined value {(int)Updates}.");
        }

        if (Weighting is null)
        {
            errors.Add($"{prefix}{nameof(Weighting)} must not be null.");
        }
        else
        {
            Weighting.CollectErrors(errors, $"{prefix}{nameof(Weighting)}:");
        }
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    internal EvaluationOptions Clone() => new()
    {
        K = K,
        Task = Task,
        CandidatesSince = CandidatesSince,
        RankingTime = RankingTime,
        Step = Step,
        Updates = Updates,
        Weighting = CopyOf(Weighting),
    };

    internal static EngagementWeightingOptions CopyOf(EngagementWeightingOptions weighting) =>
        weighting.Clone();
}
