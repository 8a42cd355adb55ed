namespace Recommender.Collaborative;

/// <summary>How a model was trained: the parameters used and how the objective went.</summary>
public sealed record NmfTrainingSummary
{
    /// <summary>The objective minimised.</summary>
    public NmfObjective Objective { get; init; }

    /// <summary>The factors asked for (the model may have fewer, capped by the data).</summary>
    public int RequestedFactors { get; init; }

    /// <summary>The regularisation λ used (given, or scaled to the data).</summary>
    public float Regularization { get; init; }

    /// <summary>Confidence scale α (implicit objective).</summary>
    public float Alpha { get; init; }

    /// <summary>
    /// The mean stored weight of the training matrix. The implicit objective's confidence uses weights relative to
    /// it, <c>1 + α·ln(2 + w / MeanWeight)</c>, so that shifting every engagement's age by the same amount (training an
    /// hour later) does not change the model.
    /// </summary>
    public float MeanWeight { get; init; } = 1f;

    /// <summary>The seed of the initial factors.</summary>
    public int Seed { get; init; }

    /// <summary>Iterations actually run.</summary>
    public int Iterations { get; init; }

    /// <summary>True when training stopped because the objective stopped improving (tolerance reached).</summary>
    public bool Converged { get; init; }

    /// <summary>The objective after each iteration.</summary>
    public IReadOnlyList<double> LossHistory { get; init; } = [];

    /// <summary>The final objective.</summary>
    public double FinalLoss => LossHistory.Count > 0 ? LossHistory[^1] : double.NaN;

    /// <summary>Wall-clock training time.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Stored (user, post) weights trained on.</summary>
    public long NonZeros { get; init; }
}
