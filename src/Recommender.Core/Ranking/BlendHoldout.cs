namespace Recommender.Ranking;

/// <summary>Which engagements training holds out to fit the blend of signals.</summary>
public enum BlendHoldout
{
    /// <summary>
    /// The latest engagements overall (a time cut-off): the blend learns to rank what comes next, including posts
    /// published after the cut-off. Right for feeds, where most posts are new. The default.
    /// </summary>
    Latest = 0,

    /// <summary>
    /// Each user's latest engagements: every user contributes examples and every post stays known. Right for
    /// catalogues that change slowly (films, products), where recommendations draw on the whole catalogue.
    /// </summary>
    PerUser = 1,
}
