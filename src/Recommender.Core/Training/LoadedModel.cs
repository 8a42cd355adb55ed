using Recommender.Ranking;

namespace Recommender.Training;

/// <summary>A model version loaded from the store, with its metadata.</summary>
internal sealed record LoadedModel(ModelVersionInfo Info, RecommenderModel Model);

/// <summary>An immutable snapshot of the loaded active model of each variant: read once per request.</summary>
internal sealed class ActiveModelSet
{
    public static readonly ActiveModelSet Empty = new(new Dictionary<string, LoadedModel>(StringComparer.Ordinal));

    public ActiveModelSet(IReadOnlyDictionary<string, LoadedModel> byVariant) => ByVariant = byVariant;

    public IReadOnlyDictionary<string, LoadedModel> ByVariant { get; }

    public LoadedModel? Default => ByVariant.GetValueOrDefault(ModelVariants.Default);
}
