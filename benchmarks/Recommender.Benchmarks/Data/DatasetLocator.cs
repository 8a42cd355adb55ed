namespace Recommender.Benchmarks.Data;

/// <summary>
/// Finds MovieLens latest-small for benchmarks: RECOMMENDER_MOVIELENS (a folder), else the first
/// shared/datasets/ml-latest-small above the working directory. Never shipped in the repository.
/// </summary>
internal static class DatasetLocator
{
    public static string MovieLensRatings()
    {
        var configured = Environment.GetEnvironmentVariable("RECOMMENDER_MOVIELENS");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "ratings.csv")))
        {
            return Path.Combine(configured, "ratings.csv");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "ml-latest-small", "ratings.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("MovieLens latest-small not found: set RECOMMENDER_MOVIELENS to its folder.");
    }
}
