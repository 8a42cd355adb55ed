using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// The heuristic ranking a feed has before ML, and the fallback whenever ML cannot answer:
/// <c>score = EngagementWeight × ln(1 + E_post) + AuthorWeight × ln(1 + E_author) + FreshnessWeight × 0.5^(age / FreshnessHalfLife)
/// + TrendingWeight × ln(1 + V_post)</c>, where E is the kind-weighted engagement, decayed with <see cref="PopularityHalfLife"/>,
/// and V the post's trending velocity: its kind-weighted engagement decayed with <see cref="TrendingHalfLife"/>, per hour
/// of exposure (the post's age, at least a sixth of <see cref="TrendingHalfLife"/> and at most three of them). Every
/// real-time engagement (<c>IRecommender.RecordEngagementAsync</c>) updates E and V at once.
/// </summary>
public sealed class HeuristicOptions
{
    /// <summary>Weight of the post's own engagement. Default 1; finite, at least 0.</summary>
    public float EngagementWeight { get; set; } = HeuristicDefaults.EngagementWeight;

    /// <summary>Weight of the author's engagement over all their posts. Default 0.25; finite, at least 0.</summary>
    public float AuthorWeight { get; set; } = HeuristicDefaults.AuthorWeight;

    /// <summary>Weight of freshness. Default 2; finite, at least 0.</summary>
    public float FreshnessWeight { get; set; } = HeuristicDefaults.FreshnessWeight;

    /// <summary>
    /// Weight of the post's trending velocity (recent engagement per hour of exposure, see <see cref="TrendingHalfLife"/>).
    /// Default 0.5; finite, at least 0 (0 turns trending off).
    /// </summary>
    public float TrendingWeight { get; set; } = HeuristicDefaults.TrendingWeight;

    /// <summary>
    /// Half-life of engagement in a post's trending velocity: engagement of the last few hours counts, older engagement
    /// fades fast. A post's exposure counts at least a sixth of it and at most three of it (1 and 18 hours by default).
    /// Default 6 hours; positive, at most 10 days.
    /// </summary>
    public TimeSpan TrendingHalfLife { get; set; } = HeuristicDefaults.TrendingHalfLife;

    /// <summary>Half-life of engagement in the popularity counts. Default 24 hours; positive.</summary>
    public TimeSpan PopularityHalfLife { get; set; } = HeuristicDefaults.PopularityHalfLife;

    /// <summary>Half-life of freshness. Default 24 hours; positive.</summary>
    public TimeSpan FreshnessHalfLife { get; set; } = HeuristicDefaults.FreshnessHalfLife;

    /// <summary>Kind weights for the engagement counts (negative kinds lower popularity). Default: the library's kind weights.</summary>
    public Dictionary<EngagementKind, float> KindWeights { get; set; } = EngagementDefaults.CreateKindWeights();

    /// <summary>The longest trending half-life accepted (beyond it trending is popularity under another name).</summary>
    private static readonly TimeSpan MaxTrendingHalfLife = TimeSpan.FromDays(10);

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        CheckWeight(errors, prefix, nameof(EngagementWeight), EngagementWeight);
        CheckWeight(errors, prefix, nameof(AuthorWeight), AuthorWeight);
        CheckWeight(errors, prefix, nameof(FreshnessWeight), FreshnessWeight);
        CheckWeight(errors, prefix, nameof(TrendingWeight), TrendingWeight);
        if (TrendingHalfLife <= TimeSpan.Zero || TrendingHalfLife > MaxTrendingHalfLife)
        {
            errors.Add($"{prefix}{nameof(TrendingHalfLife)} must be positive and at most 10 days, was {TrendingHalfLife}.");
        }
        if (PopularityHalfLife <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(PopularityHalfLife)} must be positive, was {PopularityHalfLife}.");
        }

        if (FreshnessHalfLife <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(FreshnessHalfLife)} must be positive, was {FreshnessHalfLife}.");
        }

        new EngagementWeightingOptions { KindWeights = KindWeights }.CollectErrors(errors, prefix);
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    private static void CheckWeight(List<string> errors, string prefix, string name, float value)
    {
        if (!float.IsFinite(value) || value < 0)
        {
            errors.Add($"{prefix}{name} must be a finite number >= 0, was {value}.");
        }
    }
}
