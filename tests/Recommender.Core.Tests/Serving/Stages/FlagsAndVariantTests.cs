using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class FlagsAndVariantTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_ProviderFlagsWin_UndefinedOnesTakeTheConfiguredDefault()
    {
        var flags = new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.PersonalizedFeed, Enabled: false));
        var options = new ServingOptions();
        options.DefaultFlags[FeatureFlagNames.EngagementRanking] = 0;
        var stage = new FlagsAndVariant(flags, options, () => ServingState.Empty, NullLogger.Instance);

        var context = await stage.ResolveAsync("u", Token);

        Assert.True(context.Ml);
        Assert.False(context.Personalized);
        Assert.False(context.Engagement);
        Assert.Equal("u", context.UserId);
        Assert.Same(ServingState.Empty, context.State);
    }

    [Fact]
    public async Task ResolveAsync_ThrowingProvider_DefaultsApply_ButCancellationPropagates()
    {
        var options = new ServingOptions();
        options.DefaultFlags[FeatureFlagNames.MlRecommendations] = 0;
        var stage = new FlagsAndVariant(new FailingFlags(), options, () => ServingState.Empty, NullLogger.Instance);

        var context = await stage.ResolveAsync("u", Token);
        Assert.False(context.Ml);
        Assert.True(context.Personalized);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new FlagsAndVariant(new CancellingFlags(), options, () => ServingState.Empty, NullLogger.Instance).ResolveAsync("u", cancelled.Token));
    }

    [Fact]
    public async Task ResolveAsync_Variants_SplitUsersByBucketInNameOrder_AndUnservedVariantsFallToDefault()
    {
        var state = await StageWorld.StateAsync("default", "a");
        var options = new ServingOptions { Variants = { ["b"] = 30, ["a"] = 20 } };
        var stage = new FlagsAndVariant(new InMemoryFeatureFlagProvider(), options, () => state, NullLogger.Instance);

        for (var i = 0; i < 200; i++)
        {
            var user = $"user-{i}";
            var bucket = UserBucket.Of("variant-split", user);

            var context = await stage.ResolveAsync(user, Token);

            // "a" takes buckets 0-19, "b" 20-49 but serves no model here, so its users get "default".
            Assert.Equal(bucket < 20 ? "a" : "default", context.Variant);
        }
    }

    [Fact]
    public async Task ResolveAsync_ReadsTheStateAfterTheFlags()
    {
        var state = ServingState.Empty;
        var later = await StageWorld.StateAsync();
        var flags = new SwappingFlags(() => state = later);
        var stage = new FlagsAndVariant(flags, new ServingOptions(), () => state, NullLogger.Instance);

        var context = await stage.ResolveAsync("u", Token);

        Assert.Same(later, context.State);
    }

    private sealed class FailingFlags : IFeatureFlagProvider
    {
        public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException("down");
    }

    private sealed class CancellingFlags : IFeatureFlagProvider
    {
        public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<FeatureFlag?>(null);
        }
    }

    private sealed class SwappingFlags(Action onRead) : IFeatureFlagProvider
    {
        public ValueTask<FeatureFlag?> GetFlagAsync(string name, CancellationToken cancellationToken = default)
        {
            onRead();
            return ValueTask.FromResult<FeatureFlag?>(null);
        }
    }
}
