namespace Recommender.Postgres.Registry;

/// <summary>The quoted, schema-qualified names of the SDK's tables, from validated options.</summary>
internal sealed class SdkTables
{
    public SdkTables(PostgresRecommenderOptions? options)
    {
        options ??= new PostgresRecommenderOptions();
        options.Validate();
        Schema = options.Schema;
        var schema = PgIdentifier.Quote(Schema);
        ModelVersions = schema + ".model_versions";
        ArtefactChunks = schema + ".model_artefact_chunks";
        ActiveModels = schema + ".active_models";
        FeatureFlags = schema + ".feature_flags";
        SystemConfig = schema + ".system_config";
        TrainingRuns = schema + ".training_runs";
        Locks = new RegistryLocks(Schema);
    }

    /// <summary>The schema name, unquoted; also the name of the NOTIFY channel.</summary>
    public string Schema { get; }

    public string ModelVersions { get; }

    public string ArtefactChunks { get; }

    public string ActiveModels { get; }

    public string FeatureFlags { get; }

    public string SystemConfig { get; }

    public string TrainingRuns { get; }

    /// <summary>The advisory-lock keys of this schema.</summary>
    public RegistryLocks Locks { get; }
}
