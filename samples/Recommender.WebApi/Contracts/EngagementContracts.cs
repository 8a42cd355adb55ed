namespace Recommender.WebApi.Contracts;

/// <summary>
/// POST /api/v1/engagements: one engagement (<paramref name="UserId"/>, <paramref name="PostId"/>,
/// <paramref name="Kind"/>, optional <paramref name="Timestamp"/>) or a batch (<paramref name="Engagements"/>), not both.
/// </summary>
/// <param name="UserId">The user; required for one engagement.</param>
/// <param name="PostId">The post; required for one engagement.</param>
/// <param name="Kind">What the user did: view, click, like, comment, share, bookmark, hide or report (any case).</param>
/// <param name="Timestamp">When it happened; now when absent.</param>
/// <param name="Engagements">A batch instead: 1 to 1,000 engagements.</param>
public sealed record EngagementsApiRequest(
    string? UserId = null,
    string? PostId = null,
    string? Kind = null,
    DateTimeOffset? Timestamp = null,
    IReadOnlyList<EngagementItem?>? Engagements = null);

/// <summary>One engagement of a batch.</summary>
/// <param name="UserId">The user; required.</param>
/// <param name="PostId">The post; required.</param>
/// <param name="Kind">What the user did (any case); required.</param>
/// <param name="Timestamp">When it happened; now when absent.</param>
public sealed record EngagementItem(string? UserId, string? PostId, string? Kind, DateTimeOffset? Timestamp = null);

/// <summary>What became of the engagements. Unknown posts and users are data conditions: applied as far as they can be, and counted.</summary>
/// <param name="Received">Engagements in the request.</param>
/// <param name="Applied">Recorded through the SDK (fold-in, popularity, seen filter, the user's cached answers).</param>
/// <param name="Ignored">Dated more than Recommender:Weighting:MaxClockSkew (default 1 day) after now: stored, but not applied.</param>
/// <param name="UnknownPosts">Engagements with a post the data source does not know.</param>
/// <param name="UnknownUsers">Engagements of a user the serving model does not know (every user while no model serves).</param>
/// <param name="Stored">True when written to the host's engagement table (with --postgres), from where every instance applies them.</param>
public sealed record EngagementsResponse(int Received, int Applied, int Ignored, int UnknownPosts, int UnknownUsers, bool Stored);
