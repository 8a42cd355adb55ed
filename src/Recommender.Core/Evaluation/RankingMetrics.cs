namespace Recommender.Evaluation;

/// <summary>
/// Sums the protocol's per-user metrics (binary relevance) and averages them over users. A user with no
/// relevant post must not be added (the protocol only evaluates users with at least one test row).
/// </summary>
internal sealed class RankingMetrics
{
    private readonly int _k;
    private readonly double[] _discounts;
    private readonly double[] _idealDcg;
    private double _precision;
    private double _recall;
    private double _ndcg;
    private double _map;
    private double _hits;
    private readonly List<double> _userNdcg = [];

    public RankingMetrics(int k)
    {
        _k = k;
        _discounts = new double[k];
        _idealDcg = new double[k + 1];
        for (var i = 0; i < k; i++)
        {
            _discounts[i] = 1.0 / Math.Log2(i + 2);
            _idealDcg[i + 1] = _idealDcg[i] + _discounts[i];
        }
    }

    public int Users { get; private set; }

    public double Precision => Average(_precision);

    public double Recall => Average(_recall);

    public double Ndcg => Average(_ndcg);

    public double Map => Average(_map);

    public double HitRate => Average(_hits);

    /// <summary>Each added user's NDCG@k, in the order added (for bootstrap intervals and paired comparisons).</summary>
    public IReadOnlyList<double> UserNdcg => _userNdcg;

    /// <summary>The bootstrap 95% interval of the mean NDCG@k over the users added.</summary>
    public ConfidenceInterval NdcgInterval() => Bootstrap.MeanInterval(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_userNdcg));

    /// <summary>Adds one user.</summary>
    /// <param name="ranked">The user's top list, best first, at most k long.</param>
    /// <param name="relevant">The user's relevant posts: distinct, ascending, at least one.</param>
    public void Add(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant)
    {
        var hits = 0;
        var dcg = 0.0;
        var precisionSum = 0.0;
        var length = Math.Min(ranked.Length, _k);
        for (var i = 0; i < length; i++)
        {
            if (relevant.BinarySearch(ranked[i]) >= 0)
            {
                hits++;
                dcg += _discounts[i];
                precisionSum += hits / (double)(i + 1);
            }
        }

        var ideal = Math.Min(_k, relevant.Length);
        _precision += hits / (double)_k;
        _recall += hits / (double)relevant.Length;
        var ndcg = dcg / _idealDcg[ideal];
        _ndcg += ndcg;
        _userNdcg.Add(ndcg);
        _map += precisionSum / ideal;
        _hits += hits > 0 ? 1 : 0;
        Users++;
    }

    private double Average(double sum) => Users == 0 ? 0 : sum / Users;
}
