namespace Recommender.Postgres.Registry;

/// <summary>The life cycle of a model version, stored as lower-case text in <c>model_versions.status</c>.</summary>
internal enum ModelStatus
{
    /// <summary>Being trained; no artefact yet.</summary>
    Training,

    /// <summary>Trained and stored; may be activated.</summary>
    Ready,

    /// <summary>Training failed.</summary>
    Failed,

    /// <summary>No longer served; kept for history until deleted.</summary>
    Retired,
}

internal static class ModelStatusText
{
    public static string ToText(ModelStatus status) => status switch
    {
        ModelStatus.Training => "training",
        ModelStatus.Ready => "ready",
        ModelStatus.Failed => "failed",
        ModelStatus.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Undefined model status."),
    };

    public static ModelStatus Parse(string text) => text switch
    {
        "training" => ModelStatus.Training,
        "ready" => ModelStatus.Ready,
        "failed" => ModelStatus.Failed,
        "retired" => ModelStatus.Retired,
        _ => throw new InvalidOperationException($"Unknown model status '{text}' in model_versions."),
    };
}
