using Recommender.Collaborative;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// Passes over the whole catalogue, user by user (the blend's recommendation pools and its catalogue validation):
/// the pair-feature row of every post of the store for one user, and a top-k over them. Not thread-safe.
/// </summary>
internal sealed class CatalogueScan
{
    private const int F = PairFeatureColumns.Count;
    private readonly FeatureExtractor _extractor;
    private readonly int[] _posts;
    private readonly float[] _rows;
    private readonly float[] _topScores;
    private readonly int[] _topIndices;
    private readonly ScoredIndex[] _drained;

    /// <param name="extractor">The features (its clock says "now").</param>
    /// <param name="k">How many posts a top keeps.</param>
    public CatalogueScan(FeatureExtractor extractor, int k)
    {
        _extractor = extractor;
        var np = extractor.Store.Posts.Count;
        _posts = new int[np];
        for (var p = 0; p < np; p++)
        {
            _posts[p] = p;
        }

        _rows = new float[np * F];
        _topScores = new float[k];
        _topIndices = new int[k];
        _drained = new ScoredIndex[k];
    }

    /// <summary>The number of posts.</summary>
    public int Posts => _posts.Length;

    /// <summary>Computes every post's row for a user.</summary>
    public void Load(string userId) => _extractor.FillPairFeatures(_extractor.ResolveUser(userId), _posts, [], _rows);

    /// <summary>Post p's row for the user last loaded.</summary>
    public ReadOnlySpan<float> Row(int p) => _rows.AsSpan(p * F, F);

    /// <summary>An empty top-k over the scan's buffers (one at a time).</summary>
    public TopN NewTop() => new(_topScores, _topIndices);

    /// <summary>The top's posts, best first.</summary>
    public ReadOnlySpan<ScoredIndex> Drain(ref TopN top) => _drained.AsSpan(0, top.Drain(_drained));
}
