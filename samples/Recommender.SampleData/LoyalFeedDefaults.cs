namespace Recommender.SampleData;

/// <summary>The documented defaults of <see cref="LoyalFeedOptions"/>.</summary>
public static class LoyalFeedDefaults
{
    /// <summary>3,000 users.</summary>
    public const int Users = 3_000;

    /// <summary>12,000 posts.</summary>
    public const int Posts = 12_000;

    /// <summary>120 days of activity (four months: long enough for loyalty to outlast a 7-day half-life many times).</summary>
    public const int Days = 120;

    /// <summary>40 engagement rows per user on average, before the viral bursts.</summary>
    public const int EngagementsPerUser = 40;

    /// <summary>One user in twelve writes posts.</summary>
    public const double AuthorFraction = 0.08;

    /// <summary>Every built-in topic (12).</summary>
    public const int Topics = 12;

    /// <summary>Half of what a user sees comes from the authors they have followed for months or years.</summary>
    public const double AuthorLoyalty = 0.5;

    /// <summary>Interest in a post halves every 24 hours of its age.</summary>
    public const double EngagementHalfLifeHours = 24;

    /// <summary>Three users in ten only ever view.</summary>
    public const double LurkerFraction = 0.3;

    /// <summary>One post in 250 goes viral.</summary>
    public const double ViralFraction = 0.004;

    /// <summary>A viral post is viewed by about 6% of all users, mostly people who neither follow its author nor like its topic.</summary>
    public const double ViralReach = 0.06;

    /// <summary>A burst's views arrive over about 12 hours (the mean delay after the burst starts).</summary>
    public const double ViralBurstHours = 12;

    /// <summary>Seed 42.</summary>
    public const int Seed = 42;

    /// <summary>The first day of activity: Monday 6 January 2025, 00:00 UTC (fixed, so that runs are identical).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
}
