using Recommender.Training;

namespace Recommender.Postgres.Registry;

/// <summary>One row of <c>model_versions</c> (without the artefact, which streams separately).</summary>
internal sealed record ModelVersionRecord
{
    public required long Id { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? TrainedAt { get; init; }

    public required ModelStatus Status { get; init; }

    /// <summary>A variant this version serves (from <c>active_models</c>; "default" first when it is one of several),
    /// or null when it serves none.</summary>
    public string? ActiveVariant { get; init; }

    /// <summary>Training parameters as JSON text (jsonb).</summary>
    public required string ParametersJson { get; init; }

    /// <summary>Evaluation metrics as JSON text (jsonb).</summary>
    public required string MetricsJson { get; init; }

    /// <summary>The newest engagement time the model was trained on.</summary>
    public DateTimeOffset? DataWatermark { get; init; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the artefact, or null when none is stored.</summary>
    public string? Checksum { get; init; }

    /// <summary>The artefact's length in bytes, or null when none is stored.</summary>
    public long? SizeBytes { get; init; }
}

/// <summary>What is known of a model version when its row is created.</summary>
internal sealed record NewModelVersion(string Version)
{
    public string ParametersJson { get; init; } = "{}";

    public string MetricsJson { get; init; } = "{}";

    /// <summary>When the version was registered; null for the store's clock.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? TrainedAt { get; init; }

    public DateTimeOffset? DataWatermark { get; init; }
}

/// <summary>What an artefact write stored.</summary>
internal sealed record ArtefactInfo(long SizeBytes, string Checksum, int Chunks);
