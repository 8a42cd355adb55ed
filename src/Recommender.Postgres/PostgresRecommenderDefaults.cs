namespace Recommender.Postgres;

/// <summary>The documented defaults of <see cref="PostgresRecommenderOptions"/>.</summary>
public static class PostgresRecommenderDefaults
{
    /// <summary>The schema holding the SDK's own tables: <c>recommender</c>.</summary>
    public const string Schema = "recommender";
}
