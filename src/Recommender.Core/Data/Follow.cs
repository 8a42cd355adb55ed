namespace Recommender.Data;

/// <summary>A user following another user (an author).</summary>
/// <param name="FollowerId">The user who follows.</param>
/// <param name="FolloweeId">The user (author) being followed.</param>
/// <param name="CreatedAt">When the follow started.</param>
public readonly record struct Follow(string FollowerId, string FolloweeId, DateTimeOffset CreatedAt);
