using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// Options of feature extraction. <see cref="Weighting"/>, <see cref="VelocityWindow"/>, <see cref="PreferredCount"/>
/// and the co-engagement options apply when a <see cref="FeatureStore"/> is built (they are kept in it);
/// <see cref="FreshnessHalfLife"/> and <see cref="TimeMatchPriorStrength"/> apply when a
/// <see cref="FeatureExtractor"/> reads it. Every option documents its default; <see cref="Validate"/> lists every
/// error at once.
/// </summary>
public sealed class FeatureOptions
{
    /// <summary>
    /// Freshness of a post aged a: <c>0.5^(a / FreshnessHalfLife)</c>. Default 24 hours (a day-old post counts half
    /// as fresh as a new one); positive.
    /// </summary>
    public TimeSpan FreshnessHalfLife { get; set; } = FeatureDefaults.FreshnessHalfLife;

    /// <summary>
    /// How many pseudo-engagements spread like everyone's activity are added to a user's own hours when computing
    /// time match: <c>(userCount[h] + m × globalShare[h]) / (userTotal + m)</c>. Default 24; finite and at least 0
    /// (0 uses the user's own hours only, falling back to the global share when they have none).
    /// </summary>
    public float TimeMatchPriorStrength { get; set; } = FeatureDefaults.TimeMatchPriorStrength;

    /// <summary>Post velocity counts engagements in this window before the build time. Default 24 hours; positive.</summary>
    public TimeSpan VelocityWindow { get; set; } = FeatureDefaults.VelocityWindow;

    /// <summary>
    /// How many of a user's strongest tags are kept, and how many tags and authors user features list.
    /// Default 10; 1 to 1,000.
    /// </summary>
    public int PreferredCount { get; set; } = FeatureDefaults.PreferredCount;

    /// <summary>
    /// How many co-engaged posts ("people who engaged with this also engaged with") each post keeps in the
    /// co-engagement graph built with the store. Default 50;
    /// 0 to 1,000; 0 turns the signal off.
    /// </summary>
    public int CoEngagementNeighbours { get; set; } = FeatureDefaults.CoEngagementNeighbours;

    /// <summary>
    /// β of the co-engagement graph: a neighbour's weight is divided by its popularity (distinct engaged users) to
    /// this power, so that the most popular posts do not neighbour everything. Default
    /// 0.3; 0 to 2.
    /// </summary>
    public float CoEngagementPopularityExponent { get; set; } = FeatureDefaults.CoEngagementPopularityExponent;

    /// <summary>
    /// How engagements weigh in preferred tags and authors and author affinity (kind weights and decay).
    /// Default: the defaults of <see cref="EngagementWeightingOptions"/> (7-day half-life). Kinds with a positive
    /// weight also define "positive engagements" (post and author popularity).
    /// </summary>
    public EngagementWeightingOptions Weighting { get; set; } = new();

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names.</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (FreshnessHalfLife <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(FreshnessHalfLife)} must be positive, was {FreshnessHalfLife}.");
        }

        if (!float.IsFinite(TimeMatchPriorStrength) || TimeMatchPriorStrength < 0f)
        {
            errors.Add($"{prefix}{nameof(TimeMatchPriorStrength)} must be a finite number >= 0, was {TimeMatchPriorStrength}.");
        }

        if (VelocityWindow <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(VelocityWindow)} must be positive, was {VelocityWindow}.");
        }

        if (PreferredCount is < 1 or > FeatureDefaults.MaxPreferredCount)
        {
            errors.Add($"{prefix}{nameof(PreferredCount)} must be between 1 and {FeatureDefaults.MaxPreferredCount}, was {PreferredCount}.");
        }

        if (CoEngagementNeighbours is < 0 or > FeatureDefaults.MaxCoEngagementNeighbours)
        {
            errors.Add($"{prefix}{nameof(CoEngagementNeighbours)} must be between 0 and {FeatureDefaults.MaxCoEngagementNeighbours}, was {CoEngagementNeighbours}.");
        }

        if (!(CoEngagementPopularityExponent is >= 0f and <= 2f))
        {
            errors.Add($"{prefix}{nameof(CoEngagementPopularityExponent)} must be between 0 and 2, was {CoEngagementPopularityExponent}.");
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

    internal FeatureOptions Clone() => new()
    {
        FreshnessHalfLife = FreshnessHalfLife,
        TimeMatchPriorStrength = TimeMatchPriorStrength,
        VelocityWindow = VelocityWindow,
        PreferredCount = PreferredCount,
        CoEngagementNeighbours = CoEngagementNeighbours,
        CoEngagementPopularityExponent = CoEngagementPopularityExponent,
        Weighting = Weighting.Clone(),
    };
}
