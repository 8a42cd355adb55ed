namespace Recommender.Postgres;

/// <summary>Where <see cref="PostgresDataSource.ReadFollowsAsync"/> reads the social graph.</summary>
public sealed class PostgresFollowsTable
{
    /// <summary>
    /// The table. Default <c>follows</c>. Null when the host has no social graph: <c>ReadFollowsAsync</c> then
    /// returns nothing. Ignored when <see cref="SelectSql"/> is set.
    /// </summary>
    public string? Table { get; set; } = PostgresDataSourceDefaults.FollowsTable;

    /// <summary>The following user's id column (read as text). Default <c>follower_id</c>.</summary>
    public string FollowerIdColumn { get; set; } = PostgresDataSourceDefaults.FollowerIdColumn;

    /// <summary>The followed user's id column (read as text). Default <c>followee_id</c>.</summary>
    public string FolloweeIdColumn { get; set; } = PostgresDataSourceDefaults.FolloweeIdColumn;

    /// <summary>When the follow started (<c>timestamptz</c>). Default <c>created_at</c>.</summary>
    public string CreatedAtColumn { get; set; } = PostgresDataSourceDefaults.CreatedAtColumn;

    /// <summary>
    /// The host's own SELECT instead of the table and columns above, or null (the default). It must return three
    /// columns in this order: follower id (<c>text</c>), followee id (<c>text</c>) and time (<c>timestamptz</c>).
    /// It is SQL code from your configuration, never build it from user input.
    /// </summary>
    public string? SelectSql { get; set; }

    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (SelectSql is not null)
        {
            HostSql.CollectSelect(errors, SelectSql, $"{prefix}{nameof(SelectSql)}", requiredParameter: null);
            return;
        }

        if (Table is null)
        {
            return;
        }

        PgIdentifier.CollectHost(errors, Table, $"{prefix}{nameof(Table)}");
        PgIdentifier.CollectHost(errors, FollowerIdColumn, $"{prefix}{nameof(FollowerIdColumn)}");
        PgIdentifier.CollectHost(errors, FolloweeIdColumn, $"{prefix}{nameof(FolloweeIdColumn)}");
        PgIdentifier.CollectHost(errors, CreatedAtColumn, $"{prefix}{nameof(CreatedAtColumn)}");
    }

    internal PostgresFollowsTable Clone() => (PostgresFollowsTable)MemberwiseClone();
}
