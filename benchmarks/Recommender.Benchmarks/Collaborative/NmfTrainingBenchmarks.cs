using BenchmarkDotNet.Attributes;
using Recommender.Benchmarks.Data;
using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Benchmarks.Collaborative;

/// <summary>
/// Default NMF training (50 factors, implicit objective, every core) on MovieLens latest-small (all of ratings.csv,
/// 100,836 ratings, when the data set is found, see <see cref="DatasetLocator"/>; weights decay from the end of the
/// data, as `evaluate` does) and on 1 M generated engagements. The plain-NMF (Frobenius) objective runs beside it as
/// the scikit-learn-like baseline (at most 15 iterations; it may stop early on the tolerance: 13 on generated-1M).
/// Steady state: BenchmarkDotNet warms up first, so JIT time is not in these rows (it is in a one-shot `evaluate`).
/// </summary>
[MemoryDiagnoser]
public class NmfTrainingBenchmarks
{
    private InteractionMatrix _matrix = null!;

    [Params("movielens-small", "generated-1M")]
    public string Dataset { get; set; } = "generated-1M";

    [GlobalSetup]
    public void Setup()
    {
        if (Dataset == "movielens-small")
        {
            var ratings = DataFiles.ReadEngagements(DatasetLocator.MovieLensRatings()).ToList();
            _matrix = InteractionMatrix.Create(ratings, null, new FixedTime(ratings.Max(r => r.Timestamp)));
        }
        else
        {
            _matrix = InteractionMatrix.Create(SyntheticEngagements.Generate(50_000, 20_000, 1_000_000, seed: 1), null, new FixedTime(SyntheticEngagements.Now));
        }
    }

    [Benchmark(Baseline = true, Description = "NMF implicit (defaults)")]
    public NmfModel Implicit() => new NmfTrainer().Fit(_matrix);

    [Benchmark(Description = "NMF frobenius (plain, lambda 0)")]
    public NmfModel Frobenius() => new NmfTrainer(new NmfOptions { Objective = NmfObjective.Frobenius, Regularization = 0 }).Fit(_matrix);
}
