namespace Recommender.Postgres;

/// <summary>Where <see cref="PostgresDataSource.ReadUsersAsync"/> reads users.</summary>
public sealed class PostgresUsersTable
{
    /// <summary>The table. Default <c>users</c>. Ignored when <see cref="SelectSql"/> is set.</summary>
    public string Table { get; set; } = PostgresDataSourceDefaults.UsersTable;

    /// <summary>The user id column (any type; read as text). Default <c>id</c>.</summary>
    public string IdColumn { get; set; } = PostgresDataSourceDefaults.IdColumn;

    /// <summary>The account creation time (<c>timestamptz</c>), or null when the table has none. Default <c>created_at</c>.</summary>
    public string? CreatedAtColumn { get; set; } = PostgresDataSourceDefaults.CreatedAtColumn;

    /// <summary>
    /// The host's own SELECT instead of the table and columns above, or null (the default). It must return two
    /// columns in this order: the user id (<c>text</c>) and the creation time (<c>timestamptz</c>, may be NULL).
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

        PgIdentifier.CollectHost(errors, Table, $"{prefix}{nameof(Table)}");
        PgIdentifier.CollectHost(errors, IdColumn, $"{prefix}{nameof(IdColumn)}");
        PgIdentifier.CollectHost(errors, CreatedAtColumn, $"{prefix}{nameof(CreatedAtColumn)}", optional: true);
    }

    internal PostgresUsersTable Clone() => (PostgresUsersTable)MemberwiseClone();
}
