using Recommender.Ranking;

namespace Recommender.Core.Tests.Ranking;

public sealed class RankingOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchTheDocumentedConstants()
    {
        var options = new RankingOptions();

        options.Validate();
        Assert.True(options.LearnBlend);
        Assert.True(options.DropSeen);
        Assert.Equal(RankingDefaults.MaxAuthorRun, options.MaxAuthorRun);
        Assert.Equal(RankingDefaults.ExplainTop, options.ExplainTop);
        Assert.Equal(RankingDefaults.MaxReasons, options.MaxReasons);
        Assert.Equal(RankingDefaults.RecommendCandidates, options.RecommendCandidates);
        Assert.Equal(RankingDefaults.FreshWindow, options.FreshWindow);
        Assert.Equal(RankingDefaults.BlendHoldoutFraction, options.BlendHoldoutFraction);
        Assert.Equal(BlendHoldout.Auto, options.BlendHoldout);
        Assert.Equal(RankingDefaults.BlendMaxPositives, options.BlendMaxPositives);
    }

    [Fact]
    public void Validate_ListsEveryInvalidOptionAtOnce()
    {
        var options = new RankingOptions
        {
            MaxAuthorRun = -1,
            ExplainTop = -1,
            MaxReasons = 0,
            RecommendCandidates = 5,
            FreshWindow = TimeSpan.Zero,
            BlendHoldoutFraction = 0.9,
            BlendNegativesPerPositive = 0,
            BlendMaxPositives = 10,
            HandWeights = new BlendWeights { Freshness = float.PositiveInfinity, NewPostBoost = -1f },
        };

        var message = Assert.Throws<ArgumentException>(options.Validate).Message;

        foreach (var name in new[] { "MaxAuthorRun", "ExplainTop", "MaxReasons", "RecommendCandidates", "FreshWindow", "BlendHoldoutFraction", "BlendNegativesPerPositive", "BlendMaxPositives", "HandWeights:Freshness", "NewPostBoost" })
        {
            Assert.Contains(name, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_NullHandWeights_IsAnError()
    {
        var options = new RankingOptions { HandWeights = null! };

        Assert.Contains("HandWeights must not be null", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
