using Recommender.Data;

namespace Recommender.Postgres;

/// <summary>
/// The documented defaults of <see cref="PostgresDataSourceOptions"/>: the table and column names of the default
/// host layout (<see cref="PostgresSampleSchema"/>) and the read settings.
/// </summary>
internal static class PostgresDataSourceDefaults
{
    /// <summary>Rows fetched from the server-side cursor per round trip: 10,000.</summary>
    public const int FetchSize = 10_000;

    /// <summary>The largest <see cref="PostgresDataSourceOptions.FetchSize"/> accepted.</summary>
    public const int MaxFetchSize = 1_000_000;

    /// <summary>The users table: <c>users</c>.</summary>
    public const string UsersTable = "users";

    /// <summary>The posts table: <c>posts</c>.</summary>
    public const string PostsTable = "posts";

    /// <summary>The engagements table: <c>engagements</c>.</summary>
    public const string EngagementsTable = "engagements";

    /// <summary>The follows table: <c>follows</c>.</summary>
    public const string FollowsTable = "follows";

    /// <summary>The id column of users and posts: <c>id</c>.</summary>
    public const string IdColumn = "id";

    /// <summary>The creation-time column of every table: <c>created_at</c>.</summary>
    public const string CreatedAtColumn = "created_at";

    /// <summary>The author column of posts: <c>author_id</c>.</summary>
    public const string AuthorIdColumn = "author_id";

    /// <summary>The tags column of posts (<c>text[]</c>): <c>tags</c>.</summary>
    public const string TagsColumn = "tags";

    /// <summary>The text column of posts: <c>text</c>.</summary>
    public const string TextColumn = "text";

    /// <summary>The user column of engagements: <c>user_id</c>.</summary>
    public const string UserIdColumn = "user_id";

    /// <summary>The post column of engagements: <c>post_id</c>.</summary>
    public const string PostIdColumn = "post_id";

    /// <summary>The kind column of engagements (text): <c>kind</c>.</summary>
    public const string KindColumn = "kind";

    /// <summary>The weight column of engagements (<c>real</c>, nullable): <c>weight</c>.</summary>
    public const string WeightColumn = "weight";

    /// <summary>The follower column of follows: <c>follower_id</c>.</summary>
    public const string FollowerIdColumn = "follower_id";

    /// <summary>The followee column of follows: <c>followee_id</c>.</summary>
    public const string FolloweeIdColumn = "followee_id";

    /// <summary>
    /// A fresh copy of the default kind names: the lower-case name of every <see cref="EngagementKind"/>
    /// (<c>view</c>, <c>click</c>, <c>like</c>, <c>comment</c>, <c>share</c>, <c>bookmark</c>, <c>hide</c>,
    /// <c>report</c>). Matching is case-insensitive.
    /// </summary>
    public static Dictionary<string, EngagementKind> CreateKindNames()
    {
        var names = new Dictionary<string, EngagementKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in Enum.GetValues<EngagementKind>())
        {
            names[kind.ToString().ToLowerInvariant()] = kind;
        }

        return names;
    }
}
