namespace Recommender.SampleData;

/// <summary>The size and seed of a generated social feed. Every option documents its default.</summary>
public sealed class SocialFeedOptions
{
    /// <summary>The number of users (authors included). Default 1,000; at least 2.</summary>
    public int Users { get; set; } = SocialFeedDefaults.Users;

    /// <summary>The number of posts, spread over <see cref="Days"/>. Default 4,000; at least 1.</summary>
    public int Posts { get; set; } = SocialFeedDefaults.Posts;

    /// <summary>The days of activity from <see cref="Start"/>. Default 21; at least 1.</summary>
    public int Days { get; set; } = SocialFeedDefaults.Days;

    /// <summary>
    /// The mean number of engagement rows (views, likes, comments, shares) per user; users vary around it (a few are
    /// much more active). Default 40; at least 1. Total rows ≈ <see cref="Users"/> × this.
    /// </summary>
    public int EngagementsPerUser { get; set; } = SocialFeedDefaults.EngagementsPerUser;

    /// <summary>The share of users who write posts. Default 0.1; in (0, 1].</summary>
    public double AuthorFraction { get; set; } = SocialFeedDefaults.AuthorFraction;

    /// <summary>How many of the built-in topics are used. Default 12 (all); 1 to 12.</summary>
    public int Topics { get; set; } = SocialFeedDefaults.Topics;

    /// <summary>The seed: the same options give the same feed, row for row. Default 42.</summary>
    public int Seed { get; set; } = SocialFeedDefaults.Seed;

    /// <summary>The first moment of activity. Default 2025-01-06T00:00Z.</summary>
    public DateTimeOffset Start { get; set; } = SocialFeedDefaults.Start;

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Users < 2)
        {
            errors.Add($"{nameof(Users)} must be at least 2, was {Users}.");
        }

        if (Posts < 1)
        {
            errors.Add($"{nameof(Posts)} must be at least 1, was {Posts}.");
        }

        if (Days < 1)
        {
            errors.Add($"{nameof(Days)} must be at least 1, was {Days}.");
        }

        if (EngagementsPerUser < 1)
        {
            errors.Add($"{nameof(EngagementsPerUser)} must be at least 1, was {EngagementsPerUser}.");
        }

        if (!(AuthorFraction > 0 && AuthorFraction <= 1))
        {
            errors.Add($"{nameof(AuthorFraction)} must be in (0, 1], was {AuthorFraction}.");
        }

        if (Topics < 1 || Topics > TopicCatalog.All.Count)
        {
            errors.Add($"{nameof(Topics)} must be between 1 and {TopicCatalog.All.Count}, was {Topics}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(SocialFeedOptions)}: " + string.Join(" ", errors), nameof(SocialFeedOptions));
        }
    }
}
