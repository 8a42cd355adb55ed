using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// The heuristic ranking a feed has before ML, and the fallback whenever ML cannot answer:
/// <c>score = EngagementWeight × ln(1 + E_post) + AuthorWeight × ln(1 + E_author) + FreshnessWeight × 0.5^(age / FreshnessHalfLife)</c>,
/// where E is the kind-weighted engagement, decayed with <see cref="PopularityHalfLife"/>.
/// </summary>
public sealed class HeuristicOptions
{
    /// <summary>Weight of the post's own engagement. Default 1; finite, at least 0.</summary>
    public float EngagementWeight { get; set; } = HeuristicDefaults.EngagementWeight;

    /// <summary>Weight of the author's engagement over all their posts. Default 0.25; finite, at least 0.</summary>
    public float AuthorWeight { get; set; } = HeuristicDefaults.AuthorWeight;

    /// <summary>Weight of freshness. Default 2; finite, at least 0.</summary>
    public float FreshnessWeight { get; set; } = HeuristicDefaults.FreshnessWeight;

    /// <summary>Half-life of engagement in the popularity counts. Default 24 hours; positive.</summary>
    public TimeSpan PopularityHalfLife { get; set; } = HeuristicDefaults.PopularityHalfLife;

    /// <summary>Half-life of freshness. Default 24 hours; positive.</summary>
    public TimeSpan FreshnessHalfLife { get; set; } = HeuristicDefaults.FreshnessHalfLife;

    /// <summary>Kind weights for the engagement counts (negative kinds lower popularity). Default: the library's kind weights.</summary>
    public Dictionary<EngagementKind, float> KindWeights { get; set; } = EngagementDefaults.CreateKindWeights();

    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        CheckWeight(errors, prefix, nameof(EngagementWeight), EngagementWeight);
        CheckWeight(errors, prefix, nameof(AuthorWeight), AuthorWeight);
        CheckWeight(errors, prefix, nameof(FreshnessWeight), FreshnessWeight);
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
