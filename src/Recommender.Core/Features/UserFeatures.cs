namespace Recommender.Features;

/// <summary>
/// What is known of a user from the training data. Hours and weekdays are UTC. Lists indexed by kind use
/// <c>(int)EngagementKind</c>. An unknown user has <see cref="IsKnown"/> false, zero counts and empty lists.
/// </summary>
public sealed record UserFeatures
{
    /// <summary>The host's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>True when the user appeared in the training data (as a user, an engager or a follower).</summary>
    public bool IsKnown { get; init; }

    /// <summary>The account's age now, or null when the host did not give <c>User.CreatedAt</c>.</summary>
    public TimeSpan? AccountAge { get; init; }

    /// <summary>Every valid engagement of the user, of any kind.</summary>
    public int TotalEngagements { get; init; }

    /// <summary>Engagements by kind (8 entries, indexed by <c>(int)EngagementKind</c>).</summary>
    public IReadOnlyList<int> CountsByKind { get; init; } = [];

    /// <summary>The share of the user's engagements that are of each kind: count / total, 0 without engagements.</summary>
    public IReadOnlyList<float> RatesByKind { get; init; } = [];

    /// <summary>The share of the user's engagements in each UTC hour of the day (24 entries, summing to 1 or all 0).</summary>
    public IReadOnlyList<float> ActivityByHour { get; init; } = [];

    /// <summary>The share in each UTC weekday (7 entries, Sunday = 0, summing to 1 or all 0).</summary>
    public IReadOnlyList<float> ActivityByWeekday { get; init; } = [];

    /// <summary>
    /// The strongest tags: a tag weighs the net decayed engagement weight on posts carrying it (clamped at 0);
    /// weights are shares of the total over all the user's tags. Strongest first.
    /// </summary>
    public IReadOnlyList<WeightedTerm> PreferredTags { get; init; } = [];

    /// <summary>The strongest authors by <see cref="PairFeatures.AuthorEngagementShare"/>, strongest first.</summary>
    public IReadOnlyList<WeightedTerm> PreferredAuthors { get; init; } = [];

    /// <summary>The number of distinct posts the user engaged with.</summary>
    public int DistinctPosts { get; init; }

    /// <summary>The first engagement's timestamp, or null without engagements.</summary>
    public DateTimeOffset? FirstEngagementAt { get; init; }

    /// <summary>The last engagement's timestamp, or null without engagements.</summary>
    public DateTimeOffset? LastEngagementAt { get; init; }

    /// <summary>How long the history covers: last minus first engagement (zero with fewer than two).</summary>
    public TimeSpan HistorySpan { get; init; }

    /// <summary>How many authors the user follows.</summary>
    public int FollowingCount { get; init; }
}
