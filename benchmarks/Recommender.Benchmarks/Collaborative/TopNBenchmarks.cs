using BenchmarkDotNet.Attributes;
using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Benchmarks.Collaborative;

/// <summary>Top-N over 100 k posts at 50 factors for one user (target ≤ 2 ms), against a LINQ sort as the naive peer.</summary>
[MemoryDiagnoser]
public class TopNBenchmarks
{
    private const int Posts = 100_000;
    private const int Factors = 50;
    private NmfModel _model = null!;
    private float[] _user = null!;
    private ScoredIndex[] _destination = null!;
    private int[] _seen = null!;

    [Params(10, 50)]
    public int Count { get; set; } = 10;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        var postFactors = new float[Posts * Factors];
        for (var i = 0; i < postFactors.Length; i++)
        {
            postFactors[i] = random.NextSingle();
        }

        _user = new float[Factors];
        for (var i = 0; i < Factors; i++)
        {
            _user[i] = random.NextSingle();
        }

        var users = IdIndex.Create(["u0"]);
        var posts = IdIndex.Create(Enumerable.Range(0, Posts).Select(p => "p" + p));
        _seen = Enumerable.Range(0, 200).Select(_ => random.Next(Posts)).Distinct().Order().ToArray();
        _model = new NmfModel(users, posts, Factors, [.. _user], postFactors, new float[Factors * Factors], [0, _seen.Length], _seen, new NmfTrainingSummary());
        _destination = new ScoredIndex[Count];

        // Every method must compute the same top N, or the comparison means nothing.
        var n = TopN();
        var byId = _model.Recommend("u0", Count);
        if (n != Count || byId.Count != Count || NaiveLinq() != _destination[n - 1].Index)
        {
            throw new InvalidOperationException("The top-N methods disagree.");
        }

        for (var i = 0; i < n; i++)
        {
            if (byId[i].PostId != "p" + _destination[i].Index)
            {
                throw new InvalidOperationException("The top-N methods disagree.");
            }
        }
    }

    /// <summary>The allocation-free path: factors, seen posts and destination given by the caller.</summary>
    [Benchmark(Baseline = true)]
    public int TopN() => _model.Recommend(_user, _seen, _destination);

    /// <summary>By id: looks the user up and allocates the result list (by design).</summary>
    [Benchmark]
    public string TopNById() => _model.Recommend("u0", Count)[0].PostId;

    /// <summary>
    /// The naive peer: score every unseen post, sort with LINQ, keep the first <see cref="Count"/>. It materialises
    /// the top N (as <see cref="TopNById"/> does): ending in <c>.First()</c> would let LINQ find only the maximum.
    /// </summary>
    [Benchmark(Description = "naive LINQ OrderBy (peer)")]
    public int NaiveLinq()
    {
        var seen = _seen.ToHashSet();
        var top = Enumerable.Range(0, Posts)
            .Where(p => !seen.Contains(p))
            .Select(p => (p, s: _model.Score(0, p)))
            .OrderByDescending(x => x.s)
            .Take(Count)
            .ToArray();
        return top[^1].p;
    }
}
