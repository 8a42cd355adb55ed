namespace Recommender.SampleData;

/// <summary>The documented defaults of <see cref="SocialFeedOptions"/>.</summary>
public static class SocialFeedDefaults
{
    /// <summary>1,000 users.</summary>
    public const int Users = 1_000;

    /// <summary>4,000 posts.</summary>
    public const int Posts = 4_000;

    /// <summary>21 days of activity.</summary>
    public const int Days = 21;

    /// <summary>40 engagement rows per user on average.</summary>
    public const int EngagementsPerUser = 40;

    /// <summary>One user in ten writes posts.</summary>
    public const double AuthorFraction = 0.1;

    /// <summary>Every built-in topic (12).</summary>
    public const int Topics = 12;

    /// <summary>Seed 42.</summary>
    public const int Seed = 42;

    /// <summary>The first day of activity: Monday 6 January 2025, 00:00 UTC (fixed, so that runs are identical).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
}
