using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>Per request: the user's flags and variant, and the state snapshot that answers.</summary>
internal readonly record struct RequestContext(
    string UserId,
    bool Ml,
    bool Personalized,
    bool Engagement,
    string Variant,
    ServingState State)
{
    /// <summary>True when the model used up the time budget: the heuristic then ranks from local knowledge only,
    /// without waiting on the data source again.</summary>
    public bool BudgetSpent { get; init; }

    public (Training.LoadedModel Model, HybridRanker Ranker)? Serving =>
        State.Variants.TryGetValue(Variant, out var s) ? s : State.Default;

    public string? ModelVersion => Serving?.Model.Info.Version;

    public byte FlagBits => (byte)((Ml ? 1 : 0) | (Personalized ? 2 : 0) | (Engagement ? 4 : 0));
}
