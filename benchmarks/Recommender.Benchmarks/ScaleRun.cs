using System.Diagnostics;
using System.Globalization;
using Recommender.Benchmarks.Data;
using Recommender.Collaborative;
using Recommender.Data;

namespace Recommender.Benchmarks;

/// <summary>
/// Trains default NMF on generated data of a given size (default 10 M engagements, 500 k users, 200 k posts) and
/// prints the time of each stage and the process's peak working set. The engagements are streamed into the
/// matrix builder, never held in one list, as the training pipeline does.
/// Usage: <c>scale [engagements] [users] [posts] [iterations]</c>.
/// </summary>
internal static class ScaleRun
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var users = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500_000;
        var posts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
        var iterations = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15;

        var total = Stopwatch.StartNew();
        var builder = new InteractionMatrixBuilder(null, new FixedTime(SyntheticEngagements.Now));
        const int Batch = 1_000_000;
        for (var start = 0; start < count; start += Batch)
        {
            foreach (var e in SyntheticEngagements.Generate(users, posts, Math.Min(Batch, count - start), seed: start))
            {
                builder.Add(e);
            }
        }

        var matrix = builder.Build();
        var built = total.Elapsed;
        var progress = new Progress<NmfProgress>(p => Console.WriteLine($"  iteration {p.Iteration}: loss {p.Loss:G6} at {p.Elapsed.TotalSeconds:F1}s"));
        var model = new NmfTrainer(new NmfOptions { MaxIterations = iterations }).Fit(matrix, progress);
        var trained = total.Elapsed - built;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"engagements {count:N0}, users {matrix.Users.Count:N0}, posts {matrix.Posts.Count:N0}, stored pairs {matrix.NonZeroCount:N0}, factors {model.FactorCount}");
        Console.WriteLine($"generate+build matrix {built.TotalSeconds:F1}s, train {trained.TotalSeconds:F1}s ({model.Summary.Iterations} iterations), total {total.Elapsed.TotalSeconds:F1}s");
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB");
        return 0;
    }
}
