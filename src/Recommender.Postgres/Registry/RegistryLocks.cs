namespace Recommender.Postgres.Registry;

/// <summary>
/// The advisory-lock keys of one schema (documented in docs/postgres.md, "Locks"). PostgreSQL keeps the
/// two-int and the one-bigint key spaces apart, so these never collide with each other:
/// <list type="bullet">
/// <item>migrations: <c>(0x52434D44 "RCMD", fnv1a(schema))</c>, transaction-scoped (<see cref="PostgresMigrator"/>);</item>
/// <item>training: <c>(0x52434D54 "RCMT", fnv1a(schema))</c>, session-scoped, held by one instance while it trains;</item>
/// <item>a save in progress: bigint <c>fnv1a(schema) &lt;&lt; 32 | (model id &amp; 0xFFFFFFFF)</c>, session-scoped, held by
/// the saving connection, so that a <c>training</c> row nobody holds is known to be left over from a crash.</item>
/// </list>
/// </summary>
internal sealed class RegistryLocks(string schema)
{
    /// <summary>The first key of the training lock (ASCII "RCMT").</summary>
    public const int TrainingClassId = 0x52434D54;

    /// <summary>The second key of the migration and training locks, and the high half of the save locks.</summary>
    public int SchemaKey { get; } = PostgresMigrator.LockObjectId(schema);

    /// <summary>SQL for the bigint save-lock key of the row whose id column is <paramref name="idExpression"/>,
    /// with the schema key bound as <c>@schema_key</c>.</summary>
    public static string SaveKeySql(string idExpression) => $"((@schema_key::bigint << 32) | ({idExpression} & 4294967295))";

    /// <summary>The bigint save-lock key of a model id.</summary>
    public long SaveKey(long modelId) => ((long)SchemaKey << 32) | (modelId & 0xFFFFFFFFL);
}
