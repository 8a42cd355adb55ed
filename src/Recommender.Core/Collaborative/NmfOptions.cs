using Recommender.Data;

namespace Recommender.Collaborative;

/// <summary>Options of <see cref="NmfTrainer"/>. Every option documents its default; <see cref="Validate"/> lists every error at once.</summary>
public sealed class NmfOptions
{
    /// <summary>
    /// The number of latent factors. Default 50; 1 to 256. The trained model uses
    /// <c>min(Factors, users, posts)</c>, so a tiny data set gives a smaller model rather than an error.
    /// </summary>
    public int Factors { get; set; } = NmfDefaults.Factors;

    /// <summary>The most alternating iterations (one user half-step and one post half-step each). Default 15; at least 1.</summary>
    public int MaxIterations { get; set; } = NmfDefaults.MaxIterations;

    /// <summary>
    /// Stop early when an iteration lowers the objective by less than this fraction of it. Default 1e-4;
    /// 0 runs every iteration.
    /// </summary>
    public double Tolerance { get; set; } = NmfDefaults.Tolerance;

    /// <summary>
    /// L2 regularisation (λ) of user and post factors, at least 0; larger values shrink the factors of users and
    /// posts with little data toward zero. Default null: scaled to the data,
    /// λ = 0.07 × sqrt(number of stored weights); the value used is
    /// reported in <see cref="NmfTrainingSummary.Regularization"/>.
    /// </summary>
    public float? Regularization { get; set; }

    /// <summary>What the factorisation minimises. Default <see cref="NmfObjective.Implicit"/>.</summary>
    public NmfObjective Objective { get; set; } = NmfObjective.Implicit;

    /// <summary>
    /// Confidence scale of the implicit objective: an engaged pair of weight w counts <c>1 + Alpha × ln(2 + w / mean weight)</c>
    /// times as much as an unengaged one: at least <c>1 + Alpha × ln 2</c> however old (so decay cannot erase an
    /// engagement), more when it is strong or recent. Default 2; at least 0. Ignored by <see cref="NmfObjective.Frobenius"/>.
    /// </summary>
    public float Alpha { get; set; } = NmfDefaults.Alpha;

    /// <summary>Seed of the initial factors: the same seed and data give the same model. Default 42.</summary>
    public int Seed { get; set; } = NmfDefaults.Seed;

    /// <summary>
    /// Threads used by training; -1 (the default) uses every core. The result does not depend on it:
    /// training is deterministic for any thread count.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>
    /// How engagements become matrix weights (kind weights, half-life) when the trainer is given engagements
    /// rather than a prepared <see cref="InteractionMatrix"/>.
    /// </summary>
    public EngagementWeightingOptions Weighting { get; set; } = new();

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names.</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        if (Factors is < 1 or > NmfDefaults.MaxFactors)
        {
            errors.Add($"{prefix}{nameof(Factors)} must be between 1 and {NmfDefaults.MaxFactors}, was {Factors}.");
        }

        if (MaxIterations < 1)
        {
            errors.Add($"{prefix}{nameof(MaxIterations)} must be at least 1, was {MaxIterations}.");
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            errors.Add($"{prefix}{nameof(Tolerance)} must be a finite number >= 0, was {Tolerance}.");
        }

        if (Regularization is { } lambda && (!(lambda >= 0) || float.IsInfinity(lambda)))
        {
            errors.Add($"{prefix}{nameof(Regularization)} must be a finite number >= 0, was {Regularization}.");
        }

        if (!(Alpha >= 0) || float.IsInfinity(Alpha))
        {
            errors.Add($"{prefix}{nameof(Alpha)} must be a finite number >= 0, was {Alpha}.");
        }

        if (!Enum.IsDefined(Objective))
        {
            errors.Add($"{prefix}{nameof(Objective)} has an undefined value {(int)Objective}.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            errors.Add($"{prefix}{nameof(MaxDegreeOfParallelism)} must be -1 (all cores) or at least 1, was {MaxDegreeOfParallelism}.");
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

    internal NmfOptions Clone() => new()
    {
        Factors = Factors,
        MaxIterations = MaxIterations,
        Tolerance = Tolerance,
        Regularization = Regularization,
        Objective = Objective,
        Alpha = Alpha,
        Seed = Seed,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        Weighting = Weighting.Clone(),
    };
}
