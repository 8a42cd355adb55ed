using System.Globalization;
using Recommender.Data;

namespace Recommender.Benchmarks.Data;

/// <summary>
/// Reads MovieLens ratings.csv for benchmarks: from RECOMMENDER_MOVIELENS (a folder), else the first
/// shared/datasets/ml-latest-small found above the working directory. Every rating is a view of weight 1, as the
/// evaluation protocol says.
/// </summary>
internal static class MovieLens
{
    public static string? FindFolder()
    {
        var configured = Environment.GetEnvironmentVariable("RECOMMENDER_MOVIELENS");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "ratings.csv")) ? configured : null;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "ml-latest-small");
            if (File.Exists(Path.Combine(candidate, "ratings.csv")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static List<Engagement> ReadRatings(string folder)
    {
        var list = new List<Engagement>(110_000);
        foreach (var line in File.ReadLines(Path.Combine(folder, "ratings.csv")).Skip(1))
        {
            var parts = line.Split(',');
            var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], CultureInfo.InvariantCulture));
            list.Add(new Engagement(parts[0], parts[1], EngagementKind.View, at));
        }

        return list;
    }
}
