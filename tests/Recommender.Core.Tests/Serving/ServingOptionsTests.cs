using Recommender.Data;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving;

public class ServingOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndDocumented()
    {
        var options = new ServingOptions();
        var errors = new List<string>();
        options.CollectErrors(errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(30), options.CacheDuration);
        Assert.Equal(32L * 1024 * 1024, options.CacheSizeLimit);
        Assert.Equal(256, options.MaxIdLength);
        Assert.Equal(100_000, options.MaxTrackedUsers);
        Assert.Equal(100_000, options.MaxTrackedPosts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.TimeBudget);
        Assert.Equal(100, options.DefaultFlags[FeatureFlagNames.MlRecommendations]);
        Assert.Equal(100, options.DefaultFlags[FeatureFlagNames.PersonalizedFeed]);
        Assert.Equal(100, options.DefaultFlags[FeatureFlagNames.EngagementRanking]);
        Assert.Empty(options.Variants);
    }

    [Fact]
    public void Engine_InvalidServingOptions_ThrowsOnce_NamingEveryBadOption()
    {
        var options = new RecommenderOptions();
        options.Serving.CacheDuration = TimeSpan.FromSeconds(-1);
        options.Serving.CacheSizeLimit = 0;
        options.Serving.TimeBudget = TimeSpan.Zero;
        options.Serving.MaxCandidates = 0;
        options.Serving.MaxCount = 100_001;
        options.Serving.RecentEngagementsPerUser = -1;
        options.Serving.CatalogRefreshInterval = TimeSpan.Zero;
        options.Serving.HeuristicWarmup = TimeSpan.FromDays(-1);
        options.Serving.MaxIdLength = 0;
        options.Serving.MaxTrackedUsers = -1;
        options.Serving.MaxTrackedPosts = 999;
        options.Serving.DefaultFlags[FeatureFlagNames.MlRecommendations] = 101;
        options.Serving.Variants["default"] = 10;
        options.Serving.Variants["b"] = 95;
        options.Training.KeepVersions = 0;
        options.Training.MinRelativeToActive = -1;

        var ex = Assert.Throws<ArgumentException>(() => new RecommenderEngine(options, new InMemoryDataSource()));

        foreach (var name in new[]
        {
            "Serving:CacheDuration", "Serving:CacheSizeLimit", "Serving:TimeBudget", "Serving:MaxCandidates", "Serving:MaxCount",
            "Serving:RecentEngagementsPerUser", "Serving:CatalogRefreshInterval", "Serving:HeuristicWarmup",
            "Serving:MaxIdLength", "Serving:MaxTrackedUsers", "Serving:MaxTrackedPosts",
            "Serving:DefaultFlags[mlRecommendations]", "Serving:Variants has an invalid variant name 'default'",
            "Serving:Variants percentages add up to 105", "Training:KeepVersions", "Training:MinRelativeToActive",
        })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(10_000L)]
    [InlineData((1L << 20) - 1)]
    public void CacheSizeLimit_BelowOneMebibyte_IsRejected_AsAnEntryCountFromBeforeBytes(long limit)
    {
        var options = new RecommenderOptions();
        options.Serving.CacheSizeLimit = limit;

        var ex = Assert.Throws<ArgumentException>(() => new RecommenderEngine(options, new InMemoryDataSource()));

        Assert.Contains($"Serving:CacheSizeLimit is in bytes and must be at least 1048576 (1 MiB), was {limit}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_EdgeValues_AreAccepted()
    {
        var options = new RecommenderOptions();
        options.Serving.CacheDuration = TimeSpan.Zero;
        options.Serving.TimeBudget = Timeout.InfiniteTimeSpan;
        options.Serving.MaxCandidates = 1;
        options.Serving.MaxCount = 1;
        options.Serving.RecentEngagementsPerUser = 0;
        options.Serving.CacheSizeLimit = 1024 * 1024;
        options.Serving.MaxIdLength = 1;
        options.Serving.MaxTrackedUsers = 0;
        options.Serving.MaxTrackedPosts = 1_000;
        options.Serving.Variants["b"] = 50;
        options.Serving.Variants["c"] = 50;

        var engine = new RecommenderEngine(options, new InMemoryDataSource());

        Assert.Same(options, engine.Options);
    }

    [Fact]
    public void Engine_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new RecommenderEngine(null, null!));
        Assert.Throws<ArgumentNullException>(() => new RecommenderEngine(null, new InMemoryDataSource(), (ModelRegistry)null!));
    }

    [Fact]
    public void FlagProvider_InvalidFlag_IsRejectedWithItsName()
    {
        var provider = new InMemoryFeatureFlagProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.Set(new FeatureFlag("mlRecommendations", true, 101)));
        Assert.Contains("'mlRecommendations': RolloutPercentage must be between 0 and 100, was 101", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => provider.Set(new FeatureFlag(" ", true)));
        Assert.Throws<ArgumentException>(() => new InMemoryFeatureFlagProvider(new FeatureFlag("x", true, -1)));
    }

    [Fact]
    public async Task FlagProvider_SetAndRemove_AreSeen()
    {
        var provider = new InMemoryFeatureFlagProvider(new FeatureFlag("a", true, 20));

        Assert.Equal(new FeatureFlag("a", true, 20), await provider.GetFlagAsync("a", TestContext.Current.CancellationToken));
        provider.Set(new FeatureFlag("a", false));
        Assert.False((await provider.GetFlagAsync("a", TestContext.Current.CancellationToken))!.Enabled);
        Assert.True(provider.Remove("a"));
        Assert.Null(await provider.GetFlagAsync("a", TestContext.Current.CancellationToken));
    }
}
