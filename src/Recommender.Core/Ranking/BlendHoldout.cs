namespace Recommender.Ranking;

/// <summary>Which engagements training holds out to fit the blend of signals.</summary>
public enum BlendHoldout
{
    /// <summary>
    /// The latest engagements overall (a time cut-off): the blend learns to rank what comes next, including posts
    /// published after the cut-off. Right for feeds, where most posts are new.
    /// </summary>
    Latest = 0,

    /// <summary>
    /// Each user's latest engagements: every user contributes examples and every post stays known. Right for
    /// catalogues that change slowly (films, products), where recommendations draw on the whole catalogue.
    /// </summary>
    PerUser = 1,

    /// <summary>
    /// A seeded random share of each user's (user, post) pairs, whatever their time: the blend learns to fill gaps in
    /// a history rather than to predict what comes next. Matches offline evaluations on a random split (such as the
    /// MovieLens benchmark in the README); for a live feed prefer <see cref="Latest"/>.
    /// </summary>
    Random = 2,

    /// <summary>
    /// The default: <see cref="Latest"/> for a feed, <see cref="Random"/> for a catalogue, told apart by how old posts
    /// are when they are engaged with: a median age within <see cref="RankingOptions.FreshWindow"/> (3 days by
    /// default) makes a feed. The choice is logged and kept in the model's blend note.
    /// </summary>
    Auto = 3,
}
