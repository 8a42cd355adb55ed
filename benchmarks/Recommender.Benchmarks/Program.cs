using BenchmarkDotNet.Running;
using Recommender.Benchmarks;

// `scale` is a one-shot measurement (time and peak memory of a 10 M engagement training), not a BenchmarkDotNet run.
if (args.Length > 0 && args[0] == "scale")
{
    return ScaleRun.Run(args[1..]);
}

// `rank-profile` is a Stopwatch breakdown of one ranking request's stages.
if (args.Length > 0 && args[0] == "rank-profile")
{
    return Recommender.Benchmarks.Ranking.RankProfile.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ScaleRun).Assembly).Run(args);
return 0;
