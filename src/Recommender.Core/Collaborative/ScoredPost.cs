namespace Recommender.Collaborative;

/// <summary>A post and its score.</summary>
/// <param name="PostId">The host's post id.</param>
/// <param name="Score">The score; higher ranks first.</param>
public readonly record struct ScoredPost(string PostId, float Score);

/// <summary>A post's dense index and its score (allocation-free form of <see cref="ScoredPost"/>).</summary>
/// <param name="Index">The post's dense index.</param>
/// <param name="Score">The score; higher ranks first.</param>
public readonly record struct ScoredIndex(int Index, float Score);
