namespace Recommender.Postgres;

/// <summary>What <see cref="PostgresMigrator.MigrateAsync"/> did.</summary>
public sealed record PostgresMigrationResult
{
    /// <summary>The schema that was migrated.</summary>
    public required string Schema { get; init; }

    /// <summary>The schema's migration version before the call (0 when the schema or its tables did not exist).</summary>
    public required int PreviousVersion { get; init; }

    /// <summary>The schema's migration version after the call.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>The versions applied by this call, ascending; empty when the schema was already up to date.</summary>
    public required IReadOnlyList<int> AppliedVersions { get; init; }
}
