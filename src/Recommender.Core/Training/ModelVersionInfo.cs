namespace Recommender.Training;

/// <summary>What the registry knows about one model version (its artefact is stored beside it).</summary>
public sealed record ModelVersionInfo
{
    /// <summary>The version's unique name, e.g. "20261126-020000-7f3a".</summary>
    public required string Version { get; init; }

    /// <summary>When the version was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When training finished.</summary>
    public DateTimeOffset? TrainedAt { get; init; }

    /// <summary>Where the version is in its life cycle.</summary>
    public ModelStatus Status { get; init; }

    /// <summary>True when some variant serves this version.</summary>
    public bool IsActive { get; init; }

    /// <summary>The A/B variant serving it when active ("default" for the main one), else null.</summary>
    public string? Variant { get; init; }

    /// <summary>The training parameters (factors, iterations, weights...), as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Evaluation metrics on the holdout (e.g. "ndcg@10"), and sizes.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The latest engagement timestamp in the training data.</summary>
    public DateTimeOffset? DataWatermark { get; init; }

    /// <summary>Hex SHA-256 of the artefact, checked on load.</summary>
    public string? Checksum { get; init; }

    /// <summary>The artefact's size in bytes.</summary>
    public long SizeBytes { get; init; }
}
