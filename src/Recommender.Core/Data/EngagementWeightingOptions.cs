namespace Recommender.Data;

/// <summary>
/// How raw engagements become the weights of the user × post matrix: each engagement contributes
/// <c>KindWeights[kind] × (Weight ?? 1) × 0.5^(age / HalfLife)</c>, and the contributions of one (user, post)
/// pair are summed. A pair whose sum is negative is negative feedback: the post is never recommended to that user.
/// </summary>
public sealed class EngagementWeightingOptions
{
    /// <summary>
    /// The weight of each kind. Default: view 1, click 1.5, like 4, comment 6, share 8, bookmark 5, hide -10,
    /// report -25. A kind missing from the map weighs 0 and is ignored. Each weight
    /// must be finite and at most 1,000,000 in magnitude.
    /// </summary>
    public Dictionary<EngagementKind, float> KindWeights { get; set; } = EngagementDefaults.CreateKindWeights();

    /// <summary>
    /// The age at which an engagement counts half. Default 7 days. <see cref="Timeout.InfiniteTimeSpan"/>
    /// disables decay.
    /// </summary>
    public TimeSpan HalfLife { get; set; } = EngagementDefaults.HalfLife;

    /// <summary>
    /// Engagements dated more than this after the clock (the <see cref="TimeProvider"/>) are skipped by training and
    /// counted (<see cref="IngestionReport.SkippedBeyondClockSkew"/>), and ignored when recorded live (counted by
    /// the metric <c>recommender.engagements.ignored</c>), so that one engagement dated 9999 cannot move the data's
    /// clock. Default 1 day; zero or positive, or <see cref="Timeout.InfiniteTimeSpan"/> to accept any future timestamp.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = EngagementDefaults.MaxClockSkew;

    /// <summary>The weight of a kind, 0 when the kind is not configured.</summary>
    /// <param name="kind">The kind.</param>
    public float WeightOf(EngagementKind kind) => KindWeights.TryGetValue(kind, out var w) ? w : 0f;

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names, e.g. "Recommender:Weighting:".</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (KindWeights is null)
        {
            errors.Add($"{prefix}{nameof(KindWeights)} must not be null.");
        }
        else
        {
            foreach (var (kind, weight) in KindWeights)
            {
                if (!Enum.IsDefined(kind))
                {
                    errors.Add($"{prefix}{nameof(KindWeights)} has an undefined kind {(int)kind}.");
                }

                if (!float.IsFinite(weight) || MathF.Abs(weight) > EngagementDefaults.MaxWeight)
                {
                    errors.Add($"{prefix}{nameof(KindWeights)}[{kind}] must be a finite number between -{EngagementDefaults.MaxWeight:0} and {EngagementDefaults.MaxWeight:0}, was {weight}.");
                }
            }
        }

        if (HalfLife != Timeout.InfiniteTimeSpan && HalfLife <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(HalfLife)} must be positive (or Timeout.InfiniteTimeSpan for no decay), was {HalfLife}.");
        }

        if (MaxClockSkew < TimeSpan.Zero && MaxClockSkew != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{prefix}{nameof(MaxClockSkew)} must be zero or positive (or Timeout.InfiniteTimeSpan for no limit), was {MaxClockSkew}.");
        }
    }

    /// <summary>A copy (the kind weights copied too).</summary>
    internal EngagementWeightingOptions Clone() => new() { HalfLife = HalfLife, KindWeights = new(KindWeights), MaxClockSkew = MaxClockSkew };

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);
}
