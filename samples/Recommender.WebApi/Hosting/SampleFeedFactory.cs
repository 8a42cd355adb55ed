using Recommender.Data;
using Recommender.SampleData;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// The default data: a generated social feed (<see cref="SocialFeedGenerator"/>) whose last day ends now, so that
/// freshness, the evaluation window and the heuristic's warm-up see it as recent activity.
/// </summary>
internal static class SampleFeedFactory
{
    public static SocialFeed Generate(SocialFeedOptions options, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-options.Days);
        return SocialFeedGenerator.Generate(new SocialFeedOptions
        {
            Users = options.Users,
            Posts = options.Posts,
            Days = options.Days,
            EngagementsPerUser = options.EngagementsPerUser,
            AuthorFraction = options.AuthorFraction,
            Topics = options.Topics,
            Seed = options.Seed,
            Start = start,
        });
    }

    public static InMemoryDataSource CreateSource(SocialFeed feed) => new(feed.Users, feed.Posts, feed.Engagements, feed.Follows);
}
