using Recommender.Data;

namespace Recommender.Postgres;

/// <summary>
/// How <see cref="PostgresDataSource"/> finds the host's users, posts, engagements and follows: table and column
/// names (validated identifiers, always quoted) or the host's own SELECT statements. The defaults read the layout
/// of <see cref="PostgresSampleSchema"/>. Every option documents its default; <see cref="Validate"/> lists every
/// error at once.
/// </summary>
public sealed class PostgresDataSourceOptions
{
    /// <summary>
    /// The schema of the host's tables, or null (the default) for unqualified names resolved by the connection's
    /// <c>search_path</c>. Must match <c>^[A-Za-z_][A-Za-z0-9_]{0,62}$</c>; quoted, so case matters.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Where users are read. Default: table <c>users(id, created_at)</c>.</summary>
    public PostgresUsersTable Users { get; set; } = new();

    /// <summary>Where posts are read. Default: table <c>posts(id, author_id, created_at, tags, text)</c>.</summary>
    public PostgresPostsTable Posts { get; set; } = new();

    /// <summary>Where engagements are read. Default: table <c>engagements(user_id, post_id, kind, created_at, weight)</c>.</summary>
    public PostgresEngagementsTable Engagements { get; set; } = new();

    /// <summary>Where follows are read. Default: table <c>follows(follower_id, followee_id, created_at)</c>.</summary>
    public PostgresFollowsTable Follows { get; set; } = new();

    /// <summary>
    /// The text stored in the kind column for each <see cref="EngagementKind"/>, matched case-insensitively.
    /// Default: the lower-case name of every kind (<c>view</c>, <c>click</c>, <c>like</c>, <c>comment</c>,
    /// <c>share</c>, <c>bookmark</c>, <c>hide</c>, <c>report</c>); add the host's own words (<c>"upvote"</c> to
    /// <see cref="EngagementKind.Like"/>). A row whose kind is not in the map is skipped, counted in
    /// <see cref="PostgresDataSource.Statistics"/> and reported in one warning per read.
    /// </summary>
    public Dictionary<string, EngagementKind> KindNames { get; set; } = PostgresDataSourceDefaults.CreateKindNames();

    /// <summary>
    /// Rows fetched from the server-side cursor per round trip. Default 10,000; 1 to
    /// 1,000,000. Memory held by a read is about one batch.
    /// </summary>
    public int FetchSize { get; set; } = PostgresDataSourceDefaults.FetchSize;

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names, e.g. "Recommender:Postgres:".</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
    {
        PgIdentifier.CollectHost(errors, Schema, $"{prefix}{nameof(Schema)}", optional: true);
        CollectTable(errors, Users, $"{prefix}{nameof(Users)}", (t, e, p) => t.CollectErrors(e, p));
        CollectTable(errors, Posts, $"{prefix}{nameof(Posts)}", (t, e, p) => t.CollectErrors(e, p));
        CollectTable(errors, Engagements, $"{prefix}{nameof(Engagements)}", (t, e, p) => t.CollectErrors(e, p));
        CollectTable(errors, Follows, $"{prefix}{nameof(Follows)}", (t, e, p) => t.CollectErrors(e, p));

        if (KindNames is null)
        {
            errors.Add($"{prefix}{nameof(KindNames)} must not be null.");
        }
        else
        {
            foreach (var (name, kind) in KindNames)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add($"{prefix}{nameof(KindNames)} has an empty name.");
                }

                if (!Enum.IsDefined(kind))
                {
                    errors.Add($"{prefix}{nameof(KindNames)}['{name}'] maps to an undefined kind {(int)kind}.");
                }
            }
        }

        if (FetchSize is < 1 or > PostgresDataSourceDefaults.MaxFetchSize)
        {
            errors.Add($"{prefix}{nameof(FetchSize)} must be between 1 and {PostgresDataSourceDefaults.MaxFetchSize}, was {FetchSize}.");
        }
    }

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    /// <summary>A deep copy, so that later changes to the caller's options do not affect a running source.</summary>
    internal PostgresDataSourceOptions Clone() => new()
    {
        Schema = Schema,
        Users = Users.Clone(),
        Posts = Posts.Clone(),
        Engagements = Engagements.Clone(),
        Follows = Follows.Clone(),
        KindNames = new Dictionary<string, EngagementKind>(KindNames, StringComparer.OrdinalIgnoreCase),
        FetchSize = FetchSize,
    };

    private static void CollectTable<T>(List<string> errors, T? table, string name, Action<T, List<string>, string> collect)
        where T : class
    {
        if (table is null)
        {
            errors.Add($"{name} must not be null.");
        }
        else
        {
            collect(table, errors, name + ":");
        }
    }
}
