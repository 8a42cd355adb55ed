namespace Recommender.Postgres;

/// <summary>
/// The SQL that <see cref="PostgresDataSource"/> runs, built once from validated options: either SELECTs over the
/// configured, quoted table and column names, or the host's own statements. Values always travel as parameters
/// (<c>@since</c>, <c>@ids</c>); ids, kinds and texts are cast to <c>text</c> and weights to <c>real</c> so that
/// host columns of other types (bigint or uuid ids, varchar kinds, double weights) read the same way.
/// </summary>
internal sealed class HostSql
{
    public const int UserColumns = 2;
    public const int PostColumns = 5;
    public const int EngagementColumns = 5;
    public const int FollowColumns = 3;

    public HostSql(PostgresDataSourceOptions options)
    {
        var schema = options.Schema;

        var users = options.Users;
        UsersAll = users.SelectSql is { } customUsers
            ? Trim(customUsers)
            : $"SELECT {Col(users.IdColumn)}::text, {Col(users.CreatedAtColumn)}::timestamptz FROM {PgIdentifier.Qualify(schema, users.Table)}";

        var posts = options.Posts;
        var postSelect = posts.NeedsTable
            ? $"SELECT {Col(posts.IdColumn)}::text, {Col(posts.AuthorIdColumn)}::text, {Col(posts.CreatedAtColumn)}::timestamptz, " +
              $"{Col(posts.TagsColumn)}::text[], {Col(posts.TextColumn)}::text FROM {PgIdentifier.Qualify(schema, posts.Table)}"
            : string.Empty;
        (PostsAll, PostsSince) = posts.SelectSql is { } customPosts
            ? (Trim(customPosts), Trim(customPosts))
            : (postSelect, $"{postSelect} WHERE {Col(posts.CreatedAtColumn)} >= @since");
        PostsAllUsesSince = posts.SelectSql is not null;
        FindPosts = posts.FindSql is { } customFind ? Trim(customFind) : $"{postSelect} WHERE {Col(posts.IdColumn)} = ANY(@ids)";

        var engagements = options.Engagements;
        var engagementSelect =
            $"SELECT {Col(engagements.UserIdColumn)}::text, {Col(engagements.PostIdColumn)}::text, {Col(engagements.KindColumn)}::text, " +
            $"{Col(engagements.CreatedAtColumn)}::timestamptz, {Col(engagements.WeightColumn)}::real FROM {PgIdentifier.Qualify(schema, engagements.Table)}";
        (EngagementsAll, EngagementsSince) = engagements.SelectSql is { } customEngagements
            ? (Trim(customEngagements), Trim(customEngagements))
            : (engagementSelect, $"{engagementSelect} WHERE {Col(engagements.CreatedAtColumn)} > @since");
        EngagementsAllUsesSince = engagements.SelectSql is not null;

        var follows = options.Follows;
        FollowsAll = follows.SelectSql is { } customFollows
            ? Trim(customFollows)
            : follows.Table is null
                ? null
                : $"SELECT {Col(follows.FollowerIdColumn)}::text, {Col(follows.FolloweeIdColumn)}::text, {Col(follows.CreatedAtColumn)}::timestamptz " +
                  $"FROM {PgIdentifier.Qualify(schema, follows.Table)}";
    }

    public string UsersAll { get; }

    public string PostsAll { get; }

    /// <summary>True when <see cref="PostsAll"/> is the host's SELECT, which takes <c>@since</c> (NULL) too.</summary>
    public bool PostsAllUsesSince { get; }

    public string PostsSince { get; }

    public string FindPosts { get; }

    public string EngagementsAll { get; }

    /// <summary>True when <see cref="EngagementsAll"/> is the host's SELECT, which takes <c>@since</c> (NULL) too.</summary>
    public bool EngagementsAllUsesSince { get; }

    public string EngagementsSince { get; }

    /// <summary>Null when the host has no follows table.</summary>
    public string? FollowsAll { get; }

    /// <summary>Adds an error when a host SELECT is blank or lacks the parameter it must use.</summary>
    public static void CollectSelect(List<string> errors, string sql, string optionName, string? requiredParameter)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            errors.Add($"{optionName} must not be empty (set it to null to use the table and column names).");
            return;
        }

        if (requiredParameter is not null && !sql.Contains(requiredParameter, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{optionName} must use the parameter {requiredParameter}.");
        }
    }

    /// <summary>A quoted column, or a typed NULL for an absent optional column (cast by the caller).</summary>
    private static string Col(string? column) => column is null ? "NULL" : PgIdentifier.Quote(column);

    /// <summary>The host's statement without trailing semicolons, so that it can follow DECLARE ... CURSOR FOR.</summary>
    private static string Trim(string sql) => sql.Trim().TrimEnd(';').TrimEnd();
}
