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
    }

    [Benchmark(Baseline = true)]
    public int TopN() => _model.Recommend(_user, _seen, _destination);

    [Benchmark]
    public string TopNById() => _model.Recommend("u0", Count)[0].PostId;

    [Benchmark(Description = "naive LINQ OrderBy (peer)")]
    public int NaiveLinq()
    {
        var seen = _seen.ToHashSet();
        return Enumerable.Range(0, Posts)
            .Where(p => !seen.Contains(p))
            .Select(p => (p, s: _model.Score(0, p)))
            .OrderByDescending(x => x.s)
            .Take(Count)
            .First().p;
    }
}
