namespace Recommender.Postgres;

/// <summary>Where <see cref="PostgresDataSource.ReadPostsAsync"/> and <see cref="PostgresDataSource.FindPostsAsync"/> read posts.</summary>
public sealed class PostgresPostsTable
{
    /// <summary>The table. Default <c>posts</c>. Ignored when <see cref="SelectSql"/> and <see cref="FindSql"/> are set.</summary>
    public string Table { get; set; } = PostgresDataSourceDefaults.PostsTable;

    /// <summary>The post id column (read as text; <c>FindPostsAsync</c> compares it with a <c>text[]</c>). Default <c>id</c>.</summary>
    public string IdColumn { get; set; } = PostgresDataSourceDefaults.IdColumn;

    /// <summary>The author's user id, or null when the table has none. Default <c>author_id</c>.</summary>
    public string? AuthorIdColumn { get; set; } = PostgresDataSourceDefaults.AuthorIdColumn;

    /// <summary>The publication time (<c>timestamptz</c>). Default <c>created_at</c>. Index it for incremental reads.</summary>
    public string CreatedAtColumn { get; set; } = PostgresDataSourceDefaults.CreatedAtColumn;

    /// <summary>The tags (<c>text[]</c>), or null when the table has none. Default <c>tags</c>.</summary>
    public string? TagsColumn { get; set; } = PostgresDataSourceDefaults.TagsColumn;

    /// <summary>The post's text, or null when the table has none. Default <c>text</c>.</summary>
    public string? TextColumn { get; set; } = PostgresDataSourceDefaults.TextColumn;

    /// <summary>
    /// The host's own SELECT for <c>ReadPostsAsync</c>, or null (the default). It must return five columns in this
    /// order: id (<c>text</c>), author id (<c>text</c>, may be NULL), created at (<c>timestamptz</c>), tags
    /// (<c>text[]</c>, may be NULL) and text (<c>text</c>, may be NULL); and it must use the parameter
    /// <c>@since</c> (<c>timestamptz</c>, NULL for every post), for example
    /// <c>WHERE @since IS NULL OR published &gt;= @since</c>.
    /// It is SQL code from your configuration, never build it from user input.
    /// </summary>
    public string? SelectSql { get; set; }

    /// <summary>
    /// The host's own SELECT for <c>FindPostsAsync</c>, or null (the default). The same five columns as
    /// <see cref="SelectSql"/>, filtered with the parameter <c>@ids</c> (<c>text[]</c>), for example
    /// <c>WHERE id = ANY(@ids)</c>, or <c>WHERE id = ANY(@ids::bigint[])</c> for a numeric key.
    /// </summary>
    public string? FindSql { get; set; }

    internal bool NeedsTable => SelectSql is null || FindSql is null;

    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (SelectSql is not null)
        {
            HostSql.CollectSelect(errors, SelectSql, $"{prefix}{nameof(SelectSql)}", "@since");
        }

        if (FindSql is not null)
        {
            HostSql.CollectSelect(errors, FindSql, $"{prefix}{nameof(FindSql)}", "@ids");
        }

        if (NeedsTable)
        {
            PgIdentifier.CollectHost(errors, Table, $"{prefix}{nameof(Table)}");
            PgIdentifier.CollectHost(errors, IdColumn, $"{prefix}{nameof(IdColumn)}");
            PgIdentifier.CollectHost(errors, AuthorIdColumn, $"{prefix}{nameof(AuthorIdColumn)}", optional: true);
            PgIdentifier.CollectHost(errors, CreatedAtColumn, $"{prefix}{nameof(CreatedAtColumn)}");
            PgIdentifier.CollectHost(errors, TagsColumn, $"{prefix}{nameof(TagsColumn)}", optional: true);
            PgIdentifier.CollectHost(errors, TextColumn, $"{prefix}{nameof(TextColumn)}", optional: true);
        }
    }

    internal PostgresPostsTable Clone() => (PostgresPostsTable)MemberwiseClone();
}
