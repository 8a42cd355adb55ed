using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving.Stages;

/// <summary>Pieces the stage tests share: serving states over <see cref="ServingWorld.ModelA"/> and request contexts.</summary>
internal static class StageWorld
{
    private static readonly Lazy<Task<LoadedModel>> LazyLoaded = new(async () =>
        new LoadedModel(new ModelVersionInfo { Version = "v1", CreatedAt = ServingWorld.Now, TrainedAt = ServingWorld.Now }, ServingWorld.Load(await ServingWorld.ModelA)));

    public static Task<LoadedModel> LoadedA => LazyLoaded.Value;

    /// <summary>A serving state with model A serving each of <paramref name="variants"/> ("default" unless named).</summary>
    public static async Task<ServingState> StateAsync(params string[] variants)
    {
        var loaded = await LoadedA;
        var byVariant = (variants.Length == 0 ? [ModelVariants.Default] : variants).ToDictionary(v => v, _ => loaded, StringComparer.Ordinal);
        return ServingState.From(new ActiveModelSet(byVariant), new RankingOptions(), new FakeTimeProvider(ServingWorld.Now));
    }

    public static RequestContext Context(ServingState state, string userId = "u", bool ml = true, bool personalized = true, bool engagement = true, string variant = ModelVariants.Default) =>
        new(userId, ml, personalized, engagement, variant, state);
}
