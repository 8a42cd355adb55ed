using Recommender.Core.Tests.Serving.Support;
using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.Core.Tests.Serving;

public class RecommenderEngineVariantTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoVersionsActive_UsersSplitByBucket_VariantReportedWithEachResult()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.Variants["b"] = 50);
        await t.PublishAsync(await ServingWorld.ModelB, "v2", variant: "b");
        var ids = ServingWorld.RecentPostIds(10);

        var inB = 0;
        for (var i = 0; i < 300; i++)
        {
            var user = $"user-{i}";
            var result = await t.Engine.RankAsync(user, ids, cancellationToken: Token);
            var expectB = UserBucket.Of("variant-split", user) < 50;
            Assert.Equal(expectB ? "b" : ModelVariants.Default, result.Variant);
            Assert.Equal(expectB ? "v2" : "v1", result.ModelVersion);
            inB += expectB ? 1 : 0;
        }

        Assert.InRange(inB, 120, 180);
        var status = t.Engine.GetStatus();
        Assert.Equal("v1", status.ActiveVersions[ModelVariants.Default]);
        Assert.Equal("v2", status.ActiveVersions["b"]);
    }

    [Fact]
    public async Task Variants_AreCutInNameOrder_FromOneSharedBucket()
    {
        await using var t = await ServingWorld.StartAsync(o =>
        {
            o.Serving.Variants["b"] = 20;
            o.Serving.Variants["a"] = 30;
        });
        await t.PublishAsync(await ServingWorld.ModelB, "vb", variant: "b");
        await t.PublishAsync(await ServingWorld.ModelB, "va", variant: "a");

        for (var i = 0; i < 200; i++)
        {
            var user = $"user-{i}";
            var bucket = UserBucket.Of("variant-split", user);
            var expected = bucket < 30 ? "a" : bucket < 50 ? "b" : ModelVariants.Default;
            Assert.Equal(expected, (await t.Engine.RecommendAsync(user, 3, cancellationToken: Token)).Variant);
        }
    }

    [Fact]
    public async Task VariantWithoutAnActiveModel_ServesTheDefaultModel()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.Variants["b"] = 100);

        var result = await t.Engine.RankAsync("u", ServingWorld.RecentPostIds(10), cancellationToken: Token);

        Assert.Equal(ModelVariants.Default, result.Variant);
        Assert.Equal("v1", result.ModelVersion);
        Assert.Equal(RecommendationSource.Model, result.Source);
    }

    [Fact]
    public async Task EndingAnExperiment_MovesItsUsersBackToTheDefault()
    {
        await using var t = await ServingWorld.StartAsync(o => o.Serving.Variants["b"] = 100);
        await t.PublishAsync(await ServingWorld.ModelB, "v2", variant: "b");
        var ids = ServingWorld.RecentPostIds(10);
        Assert.Equal("v2", (await t.Engine.RankAsync("u", ids, cancellationToken: Token)).ModelVersion);

        await t.Store.DeactivateAsync("b", Token);
        await t.Engine.Registry.RefreshAsync(Token);

        var result = await t.Engine.RankAsync("u", ids, cancellationToken: Token);
        Assert.Equal(("v1", ModelVariants.Default), (result.ModelVersion, result.Variant));
    }

    [Fact]
    public async Task Status_ReportsWhatServes()
    {
        await using var t = await ServingWorld.StartAsync();
        t.Time.Advance(TimeSpan.FromHours(3));

        var status = t.Engine.GetStatus();

        Assert.Equal(new Dictionary<string, string> { [ModelVariants.Default] = "v1" }, status.ActiveVersions);
        Assert.Equal(ServingWorld.Now, status.ModelTrainedAt);
        Assert.Equal(TimeSpan.FromHours(3), status.ModelAge);
        Assert.NotNull(status.DataWatermark);
        Assert.Null(status.LastLoadError);
        Assert.Null(status.TrainingInProgress);
        Assert.Null(status.LastTraining);
    }

    [Fact]
    public async Task Status_WithoutAModel_IsEmpty()
    {
        await using var t = await ServingWorld.StartAsync(activate: false);

        var status = t.Engine.GetStatus();

        Assert.Empty(status.ActiveVersions);
        Assert.Null(status.ModelTrainedAt);
        Assert.Null(status.ModelAge);
    }
}
