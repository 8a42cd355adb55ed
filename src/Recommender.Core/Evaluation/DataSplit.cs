using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>A train/test split of engagements; each list keeps the input's order.</summary>
/// <param name="Train">The rows to learn from.</param>
/// <param name="Test">The held-out rows.</param>
public sealed record DataSplit(IReadOnlyList<Engagement> Train, IReadOnlyList<Engagement> Test);
