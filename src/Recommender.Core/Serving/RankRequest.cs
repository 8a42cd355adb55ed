using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>One ranking request of a batch.</summary>
/// <param name="UserId">The user.</param>
/// <param name="CandidateIds">The ids of the posts to rank (looked up in the catalogue and the data source).</param>
public sealed record RankRequest(string UserId, IReadOnlyList<string> CandidateIds)
{
    /// <summary>Posts the host describes itself (for example ones not yet stored); they win over lookups by id.</summary>
    public IReadOnlyList<Post>? Posts { get; init; }

    /// <summary>What to leave out; null for nothing.</summary>
    public RankingFilter? Filter { get; init; }
}
