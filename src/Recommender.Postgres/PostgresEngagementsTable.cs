namespace Recommender.Postgres;

/// <summary>Where <see cref="PostgresDataSource.ReadEngagementsAsync"/> reads engagements.</summary>
public sealed class PostgresEngagementsTable
{
    /// <summary>The table. Default <c>engagements</c>. Ignored when <see cref="SelectSql"/> is set.</summary>
    public string Table { get; set; } = PostgresDataSourceDefaults.EngagementsTable;

    /// <summary>The user id column (read as text). Default <c>user_id</c>.</summary>
    public string UserIdColumn { get; set; } = PostgresDataSourceDefaults.UserIdColumn;

    /// <summary>The post id column (read as text). Default <c>post_id</c>.</summary>
    public string PostIdColumn { get; set; } = PostgresDataSourceDefaults.PostIdColumn;

    /// <summary>The kind column (read as text, mapped by <see cref="PostgresDataSourceOptions.KindNames"/>). Default <c>kind</c>.</summary>
    public string KindColumn { get; set; } = PostgresDataSourceDefaults.KindColumn;

    /// <summary>
    /// The time of the engagement (<c>timestamptz</c>), the watermark of incremental reads. Default
    /// <c>created_at</c>. Index it: <c>CREATE INDEX ON engagements (created_at)</c>.
    /// </summary>
    public string CreatedAtColumn { get; set; } = PostgresDataSourceDefaults.CreatedAtColumn;

    /// <summary>An optional weight multiplier (read as <c>real</c>), or null when the table has none. Default <c>weight</c>.</summary>
    public string? WeightColumn { get; set; } = PostgresDataSourceDefaults.WeightColumn;

    /// <summary>
    /// The host's own SELECT instead of the table and columns above, or null (the default). It must return five
    /// columns in this order: user id (<c>text</c>), post id (<c>text</c>), kind (<c>text</c>), time
    /// (<c>timestamptz</c>) and weight (<c>real</c>, may be NULL); and it must use the parameter <c>@since</c>
    /// (<c>timestamptz</c>, NULL for a full read) to return only rows after the watermark, for example
    /// <c>WHERE @since IS NULL OR occurred_at &gt; @since</c>.
    /// It is SQL code from your configuration, never build it from user input.
    /// </summary>
    public string? SelectSql { get; set; }

    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (SelectSql is not null)
        {
            HostSql.CollectSelect(errors, SelectSql, $"{prefix}{nameof(SelectSql)}", "@since");
            return;
        }

        PgIdentifier.CollectHost(errors, Table, $"{prefix}{nameof(Table)}");
        PgIdentifier.CollectHost(errors, UserIdColumn, $"{prefix}{nameof(UserIdColumn)}");
        PgIdentifier.CollectHost(errors, PostIdColumn, $"{prefix}{nameof(PostIdColumn)}");
        PgIdentifier.CollectHost(errors, KindColumn, $"{prefix}{nameof(KindColumn)}");
        PgIdentifier.CollectHost(errors, CreatedAtColumn, $"{prefix}{nameof(CreatedAtColumn)}");
        PgIdentifier.CollectHost(errors, WeightColumn, $"{prefix}{nameof(WeightColumn)}", optional: true);
    }

    internal PostgresEngagementsTable Clone() => (PostgresEngagementsTable)MemberwiseClone();
}
