namespace Recommender.WebApi.Contracts;

/// <summary>POST /api/v1/rank: rank the host's candidates for a user. Give either <paramref name="CandidateIds"/> (posts the
/// data source knows) or <paramref name="Candidates"/> (posts described in the request, e.g. not stored yet).</summary>
/// <param name="UserId">The user; required.</param>
/// <param name="CandidateIds">Post ids; 1 to WebApi:MaxCandidates (default 1,000).</param>
/// <param name="Candidates">Posts described in full; 1 to WebApi:MaxCandidates.</param>
/// <param name="Exclude">What to leave out.</param>
public sealed record RankApiRequest(string? UserId, IReadOnlyList<string?>? CandidateIds = null, IReadOnlyList<CandidatePost?>? Candidates = null, ExcludeFilter? Exclude = null);

/// <summary>A candidate post described by the caller.</summary>
/// <param name="Id">The post id; required.</param>
/// <param name="CreatedAt">When it was published; required.</param>
/// <param name="AuthorId">The author, if any.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Text">Its text.</param>
public sealed record CandidatePost(string? Id, DateTimeOffset? CreatedAt, string? AuthorId = null, IReadOnlyList<string>? Tags = null, string? Text = null);

/// <summary>POST /api/v1/recommend: the best posts for a user from the whole catalogue.</summary>
/// <param name="UserId">The user; required.</param>
/// <param name="Count">How many, 1 to WebApi:MaxCount (default 100); WebApi:DefaultCount (20) when absent.</param>
/// <param name="Limit">The same as <paramref name="Count"/> (the name /ml/recommend used); give one of the two.</param>
/// <param name="Exclude">What to leave out.</param>
public sealed record RecommendApiRequest(string? UserId, int? Count = null, int? Limit = null, ExcludeFilter? Exclude = null);

/// <summary>What to leave out of an answer.</summary>
/// <param name="PostIds">Posts never to return.</param>
/// <param name="AuthorIds">Authors whose posts are never returned.</param>
/// <param name="Tags">Tags (no '#', any case) whose posts are never returned.</param>
public sealed record ExcludeFilter(IReadOnlyList<string>? PostIds = null, IReadOnlyList<string>? AuthorIds = null, IReadOnlyList<string>? Tags = null);

/// <summary>The answer of rank and recommend. Never an error for data conditions: without a model (or when it fails
/// or is slow) the heuristic answers and <paramref name="Source"/> is "fallback".</summary>
/// <param name="UserId">The user.</param>
/// <param name="Items">The posts, best first.</param>
/// <param name="Source">"model" or "fallback".</param>
/// <param name="FallbackReason">Why the heuristic answered ("flag", "noModel", "error", "timeout"), or null.</param>
/// <param name="ModelVersion">The model version that answered, or null.</param>
/// <param name="Variant">The user's A/B variant.</param>
/// <param name="FromCache">True when the answer came from the SDK's cache.</param>
/// <param name="UnknownCandidates">Candidate ids nobody knows; not ranked.</param>
public sealed record RecommendationResponse(
    string UserId,
    IReadOnlyList<RankedPostView> Items,
    string Source,
    string? FallbackReason,
    string? ModelVersion,
    string Variant,
    bool FromCache,
    IReadOnlyList<string> UnknownCandidates);

/// <summary>One ranked post.</summary>
/// <param name="PostId">The post.</param>
/// <param name="Score">Higher first; for the model, the estimated probability of engagement (0-1).</param>
/// <param name="Source">"model", "coldStart" (the model, leaning on content and popularity) or "fallback".</param>
/// <param name="Reasons">Why it ranks here, in words a product can show.</param>
public sealed record RankedPostView(string PostId, float Score, string Source, IReadOnlyList<string> Reasons);
