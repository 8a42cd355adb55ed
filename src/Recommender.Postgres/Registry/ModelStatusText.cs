using Recommender.Training;

namespace Recommender.Postgres.Registry;

/// <summary>Maps <see cref="ModelStatus"/> to the lower-case text stored in <c>model_versions.status</c>.</summary>
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
