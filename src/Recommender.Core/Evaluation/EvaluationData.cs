using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>What an offline evaluation runs on: a train/test split and, optionally, the posts and users behind it.</summary>
/// <param name="Train">The engagements models learn from; must not be empty.</param>
/// <param name="Test">The held-out engagements: every row is one relevant (user, post) pair; repeats collapse.</param>
public sealed record EvaluationData(IReadOnlyList<Engagement> Train, IReadOnlyList<Engagement> Test)
{
    /// <summary>
    /// The posts (for example a posts file). Needed by the rank task, whose candidates are the posts created since
    /// <see cref="EvaluationOptions.CandidatesSince"/>; content models read their tags and text. Default: none.
    /// </summary>
    public IReadOnlyList<Post> Posts { get; init; } = [];

    /// <summary>The users, if known. Default: none.</summary>
    public IReadOnlyList<User> Users { get; init; } = [];

    /// <summary>Follow relations, if known (heuristic models use them). Default: none.</summary>
    public IReadOnlyList<Follow> Follows { get; init; } = [];
}
