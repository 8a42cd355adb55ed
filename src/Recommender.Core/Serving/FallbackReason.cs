using System.Text.Json.Serialization;

namespace Recommender.Serving;

/// <summary>Why an answer came from the heuristic instead of the model.</summary>
/// <remarks>System.Text.Json writes it as its name ("NoModel") and reads a name or a number.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<FallbackReason>))]
public enum FallbackReason
{
    /// <summary>Not a fallback.</summary>
    None = 0,

    /// <summary>The <c>mlRecommendations</c> flag is off for this user.</summary>
    Flag = 1,

    /// <summary>No model is trained or active yet.</summary>
    NoModel = 2,

    /// <summary>The model or the data source threw.</summary>
    Error = 3,

    /// <summary>The model did not answer within <see cref="ServingOptions.TimeBudget"/>.</summary>
    Timeout = 4,
}
