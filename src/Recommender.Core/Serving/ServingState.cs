using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

/// <summary>
/// What serves right now, immutable and read once per request (so every answer comes from exactly one model
/// version): the loaded model and ranker of each variant, with the posts published since training.
/// </summary>
internal sealed class ServingState
{
    public static readonly ServingState Empty = new(new Dictionary<string, (LoadedModel, HybridRanker)>(StringComparer.Ordinal), DateTimeOffset.MinValue);

    public ServingState(IReadOnlyDictionary<string, (LoadedModel Model, HybridRanker Ranker)> variants, DateTimeOffset catalogRefreshedAt)
    {
        Variants = variants;
        CatalogRefreshedAt = catalogRefreshedAt;
    }

    public IReadOnlyDictionary<string, (LoadedModel Model, HybridRanker Ranker)> Variants { get; }

    public DateTimeOffset CatalogRefreshedAt { get; }

    public (LoadedModel Model, HybridRanker Ranker)? Default =>
        Variants.TryGetValue(ModelVariants.Default, out var d) ? d : null;

    public static ServingState From(ActiveModelSet models, RankingOptions ranking, TimeProvider timeProvider)
    {
        var variants = new Dictionary<string, (LoadedModel, HybridRanker)>(StringComparer.Ordinal);
        var rankers = new Dictionary<string, HybridRanker>(StringComparer.Ordinal);
        foreach (var (variant, loaded) in models.ByVariant)
        {
            if (!rankers.TryGetValue(loaded.Info.Version, out var ranker))
            {
                ranker = new HybridRanker(loaded.Model, ranking, timeProvider);
                rankers[loaded.Info.Version] = ranker;
            }

            variants[variant] = (loaded, ranker);
        }

        return new ServingState(variants, DateTimeOffset.MinValue);
    }

    /// <summary>The same models, each ranker's catalogue extended with posts published since training.</summary>
    public ServingState WithPosts(IReadOnlyList<Post> posts, DateTimeOffset refreshedAt)
    {
        var variants = new Dictionary<string, (LoadedModel, HybridRanker)>(StringComparer.Ordinal);
        var rankers = new Dictionary<HybridRanker, HybridRanker>();
        foreach (var (variant, (model, ranker)) in Variants)
        {
            if (!rankers.TryGetValue(ranker, out var extended))
            {
                extended = posts.Count > 0 ? ranker.WithPosts(posts) : ranker;
                rankers[ranker] = extended;
            }

            variants[variant] = (model, extended);
        }

        return new ServingState(variants, refreshedAt);
    }
}
