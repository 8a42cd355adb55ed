namespace Recommender.Evaluation;

/// <summary>The documented defaults of <see cref="EvaluationOptions"/> and <see cref="DataSplitter"/>.</summary>
internal static class EvaluationDefaults
{
    /// <summary>Metrics are computed on the top 10.</summary>
    public const int K = 10;

    /// <summary>The largest k accepted.</summary>
    public const int MaxK = 10_000;

    /// <summary>
    /// In the rank task, candidates are by default the posts created at most this long before the first test
    /// timestamp, or later: 3 days.
    /// </summary>
    public static readonly TimeSpan CandidateWindow = TimeSpan.FromDays(3);

    /// <summary>The feed task's windows are one day long.</summary>
    public static readonly TimeSpan FeedStep = TimeSpan.FromDays(1);

    /// <summary>The longest feed window accepted: ten years.</summary>
    public static readonly TimeSpan MaxFeedStep = TimeSpan.FromDays(3650);

    /// <summary>A split puts 20% of the rows in test.</summary>
    public const double TestFraction = 0.2;

    /// <summary>The seed of the random split.</summary>
    public const int Seed = 1;
}
