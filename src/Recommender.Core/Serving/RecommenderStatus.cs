using Recommender.Training;

namespace Recommender.Serving;

/// <summary>What is serving, and how training went.</summary>
public sealed record RecommenderStatus
{
    /// <summary>The active model version of each variant that is loaded and serving.</summary>
    public IReadOnlyDictionary<string, string> ActiveVersions { get; init; } = new Dictionary<string, string>();

    /// <summary>When the default variant's model was trained, or null when none serves.</summary>
    public DateTimeOffset? ModelTrainedAt { get; init; }

    /// <summary>Time since <see cref="ModelTrainedAt"/>.</summary>
    public TimeSpan? ModelAge { get; init; }

    /// <summary>The latest engagement the default model was trained on.</summary>
    public DateTimeOffset? DataWatermark { get; init; }

    /// <summary>Metrics of the default model's version (from its evaluation).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The last training run that finished, or null.</summary>
    public TrainingRunResult? LastTraining { get; init; }

    /// <summary>Progress of the training in progress, or null when none runs.</summary>
    public TrainingProgress? TrainingInProgress { get; init; }

    /// <summary>The last error loading a model version, or null.</summary>
    public string? LastLoadError { get; init; }
}
