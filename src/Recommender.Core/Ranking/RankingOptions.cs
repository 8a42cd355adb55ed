namespace Recommender.Ranking;

/// <summary>How the hybrid ranker blends signals and shapes the final feed.</summary>
public sealed class RankingOptions
{
    /// <summary>
    /// Fit the blend of signals on held-out engagements at training time (a logistic model with separate weights for
    /// new users and new posts). Default true. When false, or when too little data is held out, hand weights are used
    /// (<see cref="HandWeights"/>).
    /// </summary>
    public bool LearnBlend { get; set; } = true;

    /// <summary>The hand weights of the blend (the fallback of the learned blend).</summary>
    public BlendWeights HandWeights { get; set; } = new();

    /// <summary>Leave out posts the user already engaged with. Default true.</summary>
    public bool DropSeen { get; set; } = true;

    /// <summary>At most this many posts of one author in a row (author diversity); 0 turns it off. Default 2.</summary>
    public int MaxAuthorRun { get; set; } = RankingDefaults.MaxAuthorRun;

    /// <summary>How many of the first results get reasons. Default 10; 0 explains nothing.</summary>
    public int ExplainTop { get; set; } = RankingDefaults.ExplainTop;

    /// <summary>Reasons per explained result. Default 3.</summary>
    public int MaxReasons { get; set; } = RankingDefaults.MaxReasons;

    /// <summary>Candidates gathered and ranked by a recommendation from the whole catalogue. Default 500.</summary>
    public int RecommendCandidates { get; set; } = RankingDefaults.RecommendCandidates;

    /// <summary>Posts published within this window are "fresh" candidates for recommendations. Default 3 days.</summary>
    public TimeSpan FreshWindow { get; set; } = RankingDefaults.FreshWindow;

    /// <summary>Share of the latest engagements held out to fit the blend. Default 0.1; between 0.01 and 0.5.</summary>
    public double BlendHoldoutFraction { get; set; } = RankingDefaults.BlendHoldoutFraction;

    /// <summary>Which engagements are held out to fit the blend. Default <see cref="Ranking.BlendHoldout.Auto"/>.</summary>
    public BlendHoldout BlendHoldout { get; set; } = BlendHoldout.Auto;

    /// <summary>Negatives sampled per held-out engagement (recent posts the user did not engage with). Default 4.</summary>
    public int BlendNegativesPerPositive { get; set; } = RankingDefaults.BlendNegativesPerPositive;

    /// <summary>Most held-out engagements used to fit the blend (sampled). Default 20,000.</summary>
    public int BlendMaxPositives { get; set; } = RankingDefaults.BlendMaxPositives;

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (HandWeights is null)
        {
            errors.Add($"{prefix}{nameof(HandWeights)} must not be null.");
        }
        else
        {
            HandWeights.CollectErrors(errors, $"{prefix}{nameof(HandWeights)}:");
        }

        if (MaxAuthorRun < 0)
        {
            errors.Add($"{prefix}{nameof(MaxAuthorRun)} must be 0 (off) or more, was {MaxAuthorRun}.");
        }

        if (ExplainTop < 0)
        {
            errors.Add($"{prefix}{nameof(ExplainTop)} must be 0 or more, was {ExplainTop}.");
        }

        if (MaxReasons is < 1 or > 10)
        {
            errors.Add($"{prefix}{nameof(MaxReasons)} must be between 1 and 10, was {MaxReasons}.");
        }

        if (RecommendCandidates is < 10 or > 100_000)
        {
            errors.Add($"{prefix}{nameof(RecommendCandidates)} must be between 10 and 100000, was {RecommendCandidates}.");
        }

        if (FreshWindow <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(FreshWindow)} must be positive, was {FreshWindow}.");
        }

        if (!(BlendHoldoutFraction is >= 0.01 and <= 0.5))
        {
            errors.Add($"{prefix}{nameof(BlendHoldoutFraction)} must be between 0.01 and 0.5, was {BlendHoldoutFraction}.");
        }

        if (BlendNegativesPerPositive is < 1 or > 100)
        {
            errors.Add($"{prefix}{nameof(BlendNegativesPerPositive)} must be between 1 and 100, was {BlendNegativesPerPositive}.");
        }

        if (BlendMaxPositives < RankingDefaults.BlendMinPositives)
        {
            errors.Add($"{prefix}{nameof(BlendMaxPositives)} must be at least {RankingDefaults.BlendMinPositives}, was {BlendMaxPositives}.");
        }
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);
}
