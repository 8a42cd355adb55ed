using Microsoft.Extensions.Time.Testing;
using Recommender.Collaborative;
using Recommender.Ranking;
using Recommender.Training;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Training;

/// <summary>
/// A NaN or an infinity in any trained artefact, or a time a model file may not hold, fails training with one line
/// naming it; nothing is saved (issue 13, item 1).
/// </summary>
public sealed class ModelVerifierTests
{
    [Fact]
    public void Verified_TheTrainedModel_PassesUnchanged()
    {
        Assert.Same(Model, ModelVerifier.Verified(Model));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Verified_ANonFiniteBlendWeight_FailsWithOneLineNamingIt(float value)
    {
        var blend = Model.Blend;
        var weights = blend.Weights.ToArray();
        weights[4] = value;
        var forged = new RecommenderModel(Model.Collaborative, Model.Content, Model.Features, new BlendModel(blend.Means.ToArray(), blend.InverseStd.ToArray(), weights, blend.Bias, blend.Learned, blend.Diagnostics), Model.Info);

        var error = Assert.Throws<InvalidOperationException>(() => ModelVerifier.Verified(forged));

        Assert.Contains("blend weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("index 4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Verified_ANaNCollaborativeFactor_Fails()
    {
        var nmf = Model.Collaborative!;
        var users = nmf.AllUserFactors.ToArray();
        users[^1] = float.NaN;
        var seenPtr = new int[nmf.Users.Count + 1];
        var forged = new RecommenderModel(
            new NmfModel(nmf.Users, nmf.Posts, nmf.FactorCount, users, nmf.AllPostFactors.ToArray(), nmf.PostGram.ToArray(), seenPtr, [], nmf.Summary),
            Model.Content,
            Model.Features,
            Model.Blend,
            Model.Info);

        Assert.Contains("collaborative user factors", Assert.Throws<InvalidOperationException>(() => ModelVerifier.Verified(forged)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_ANaNLoss_Fails()
    {
        var nmf = Model.Collaborative!;
        var forged = new RecommenderModel(
            new NmfModel(nmf.Users, nmf.Posts, nmf.FactorCount, nmf.AllUserFactors.ToArray(), nmf.AllPostFactors.ToArray(), nmf.PostGram.ToArray(), new int[nmf.Users.Count + 1], [], nmf.Summary with { LossHistory = [1.0, double.NaN] }),
            Model.Content,
            Model.Features,
            Model.Blend,
            Model.Info);

        Assert.Contains("loss at iteration 2", Assert.Throws<InvalidOperationException>(() => ModelVerifier.Verified(forged)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_UnderAClockBeyondWhatAModelFileHolds_FailsWithOneLine_InsteadOfAnUnloadableModel()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2300, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var trainer = new RecommenderTrainer(SmallOptions(), null, clock);
        var engagements = Feed.Engagements.Take(500).Select(e => e with { Timestamp = clock.GetUtcNow().AddHours(-1) });

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit([], Feed.Posts, engagements, null, null, TestContext.Current.CancellationToken));

        Assert.Contains("TrainedAt", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
