namespace Recommender.Postgres;

/// <summary>
/// Where Recommender keeps its own tables (model registry, feature flags, configuration, training runs) in
/// PostgreSQL. Every option documents its default; <see cref="Validate"/> lists every error at once.
/// </summary>
public sealed class PostgresRecommenderOptions
{
    /// <summary>
    /// The schema of the SDK's tables, created by <see cref="PostgresMigrator"/> when missing. Default
    /// <c>recommender</c>. Must match <c>^[a-z_][a-z0-9_]{0,62}$</c>; it is always quoted in SQL.
    /// </summary>
    public string Schema { get; set; } = PostgresRecommenderDefaults.Schema;

    /// <summary>Adds a message to <paramref name="errors"/> for every invalid option.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="prefix">Prepended to option names, e.g. "Recommender:Postgres:".</param>
    internal void CollectErrors(List<string> errors, string prefix = "")
        => PgIdentifier.CollectStrict(errors, Schema, $"{prefix}{nameof(Schema)}");

    /// <summary>Throws when any option is invalid, listing every problem.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid.</exception>
    public void Validate() => OptionsValidation.ThrowIfInvalid(this, CollectErrors);

    internal PostgresRecommenderOptions Clone() => new() { Schema = Schema };
}
