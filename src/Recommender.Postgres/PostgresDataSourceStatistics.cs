namespace Recommender.Postgres;

/// <summary>
/// Counts of what a <see cref="PostgresDataSource"/> has read since it was created. Rows it cannot turn into
/// data are data conditions, not errors: they are skipped, counted here and reported in one warning per read.
/// </summary>
public sealed record PostgresDataSourceStatistics
{
    /// <summary>Users returned.</summary>
    public long UsersRead { get; init; }

    /// <summary>Posts returned (by reads and lookups).</summary>
    public long PostsRead { get; init; }

    /// <summary>Engagements returned.</summary>
    public long EngagementsRead { get; init; }

    /// <summary>Follows returned.</summary>
    public long FollowsRead { get; init; }

    /// <summary>Engagements skipped because their kind is not in <see cref="PostgresDataSourceOptions.KindNames"/>.</summary>
    public long SkippedUnknownKind { get; init; }

    /// <summary>Rows of any table skipped because an id, the kind or a required timestamp was NULL.</summary>
    public long SkippedMissingValue { get; init; }
}
