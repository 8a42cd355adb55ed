namespace Recommender.SampleData;

/// <summary>
/// The size, mechanisms and seed of the loyal world (<see cref="LoyalFeedGenerator"/>). Every option documents its
/// default; each mechanism has its own option and can be switched off (0).
/// </summary>
public sealed class LoyalFeedOptions
{
    /// <summary>The number of users (authors and lurkers included). Default 3,000; at least 2.</summary>
    public int Users { get; set; } = LoyalFeedDefaults.Users;

    /// <summary>The number of posts, spread evenly over <see cref="Days"/>. Default 12,000; at least 1.</summary>
    public int Posts { get; set; } = LoyalFeedDefaults.Posts;

    /// <summary>The days of activity from <see cref="Start"/>. Default 120; at least 1.</summary>
    public int Days { get; set; } = LoyalFeedDefaults.Days;

    /// <summary>
    /// The mean number of engagement rows (views, likes, comments, shares) per user, spread evenly over the days;
    /// users vary around it. Default 40; at least 1. The viral bursts add their rows on top.
    /// </summary>
    public int EngagementsPerUser { get; set; } = LoyalFeedDefaults.EngagementsPerUser;

    /// <summary>The share of users who write posts (never lurkers). Default 0.08; in (0, 1].</summary>
    public double AuthorFraction { get; set; } = LoyalFeedDefaults.AuthorFraction;

    /// <summary>How many of the built-in topics are used. Default 12 (all); 1 to 12.</summary>
    public int Topics { get; set; } = LoyalFeedDefaults.Topics;

    /// <summary>
    /// Long-term author loyalty: the share of a user's own views that go to posts of the 2-5 authors they have
    /// followed since long before <see cref="Start"/> (months to years), the same authors for the whole span. Most of
    /// the rest follows the user's 1-3 topics, which never change either. Default 0.5; 0 to 1.
    /// </summary>
    public double AuthorLoyalty { get; set; } = LoyalFeedDefaults.AuthorLoyalty;

    /// <summary>
    /// Engagement falling with post age: a post's chance to be viewed halves every this many hours of its age, and
    /// the chance that a view turns into a like, comment or share falls with it (to 30% of a new post's). Default 24;
    /// more than 0, at most 8,760 (a year).
    /// </summary>
    public double EngagementHalfLifeHours { get; set; } = LoyalFeedDefaults.EngagementHalfLifeHours;

    /// <summary>
    /// Lurkers: the share of users who only view (never like, comment, share or write). Default 0.3; from 0 to below 1
    /// (someone has to write the posts).
    /// </summary>
    public double LurkerFraction { get; set; } = LoyalFeedDefaults.LurkerFraction;

    /// <summary>
    /// Virality bursts: the share of posts that, a few hours after they appear, get a sudden spike of views (and many
    /// likes) from users picked at random: mostly people who neither follow the author nor like the topic.
    /// Default 0.004; 0 (no bursts) to 1.
    /// </summary>
    public double ViralFraction { get; set; } = LoyalFeedDefaults.ViralFraction;

    /// <summary>The share of all users a viral post reaches, on average (posts vary around it). Default 0.06; 0 to 1.</summary>
    public double ViralReach { get; set; } = LoyalFeedDefaults.ViralReach;

    /// <summary>The mean delay, in hours, of a burst's views after the burst starts. Default 12; more than 0, at most 720.</summary>
    public double ViralBurstHours { get; set; } = LoyalFeedDefaults.ViralBurstHours;

    /// <summary>The seed: the same options give the same feed, row for row. Default 42.</summary>
    public int Seed { get; set; } = LoyalFeedDefaults.Seed;

    /// <summary>The first moment of activity. Default 2025-01-06T00:00Z.</summary>
    public DateTimeOffset Start { get; set; } = LoyalFeedDefaults.Start;

    /// <summary>Throws when any option is invalid, listing every problem in one line.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        AtLeast(errors, nameof(Users), Users, 2);
        AtLeast(errors, nameof(Posts), Posts, 1);
        AtLeast(errors, nameof(Days), Days, 1);
        AtLeast(errors, nameof(EngagementsPerUser), EngagementsPerUser, 1);
        if (!(AuthorFraction > 0 && AuthorFraction <= 1))
        {
            errors.Add($"{nameof(AuthorFraction)} must be in (0, 1], was {AuthorFraction}.");
        }

        if (Topics < 1 || Topics > TopicCatalog.All.Count)
        {
            errors.Add($"{nameof(Topics)} must be between 1 and {TopicCatalog.All.Count}, was {Topics}.");
        }

        Share(errors, nameof(AuthorLoyalty), AuthorLoyalty);
        Positive(errors, nameof(EngagementHalfLifeHours), EngagementHalfLifeHours, 8_760);
        if (!(LurkerFraction >= 0 && LurkerFraction < 1))
        {
            errors.Add($"{nameof(LurkerFraction)} must be in [0, 1), was {LurkerFraction}.");
        }

        Share(errors, nameof(ViralFraction), ViralFraction);
        Share(errors, nameof(ViralReach), ViralReach);
        Positive(errors, nameof(ViralBurstHours), ViralBurstHours, 720);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(LoyalFeedOptions)}: " + string.Join(" ", errors), nameof(LoyalFeedOptions));
        }
    }

    private static void AtLeast(List<string> errors, string name, int value, int min)
    {
        if (value < min)
        {
            errors.Add($"{name} must be at least {min}, was {value}.");
        }
    }

    private static void Share(List<string> errors, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add($"{name} must be in [0, 1], was {value}.");
        }
    }

    private static void Positive(List<string> errors, string name, double value, double max)
    {
        if (!(value > 0 && value <= max))
        {
            errors.Add($"{name} must be in (0, {max}], was {value}.");
        }
    }
}
