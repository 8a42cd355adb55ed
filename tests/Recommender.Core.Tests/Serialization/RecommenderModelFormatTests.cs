using Microsoft.Extensions.Time.Testing;
using Recommender.Ranking;
using Recommender.SampleData;

namespace Recommender.Core.Tests.Serialization;

/// <summary>A <c>recommender</c> model written by an earlier version still loads and ranks as it did (see Fixtures/README.md).</summary>
public sealed class RecommenderModelFormatTests
{
    private static readonly DateTimeOffset Now = SocialFeedDefaults.Start.AddDays(14);

    /// <summary>What the fixture's ranker recommended when the file was written: user, post, score, reasons.</summary>
    private static readonly (string User, string Post, float Score, string Reasons)[] Recommended =
    [
        ("u01", "p53", 0.37238604f, "from an author you often engage with|from an author you follow|new"),
        ("u01", "p54", 0.35834205f, "from an author you often engage with|from an author you follow|new"),
        ("u01", "p57", 0.22785026f, "from a popular author|new|popular with people who like what you like"),
        ("u01", "p43", 0.1976987f, "from an author you often engage with|from an author you follow|popular with people who like what you like"),
        ("u01", "p44", 0.1873157f, "from an author you often engage with|from an author you follow"),
        ("u02", "p56", 0.6512668f, "from a popular author|new|from an author you follow"),
        ("u02", "p58", 0.4190291f, "new|from a popular author|new from an author you follow"),
        ("u02", "p48", 0.38531977f, "from a popular author|from an author you follow|from an author you often engage with"),
        ("u02", "p60", 0.061364874f, "new|trending now|from a popular author"),
        ("u02", "p59", 0.024872268f, "new|trending now"),
        ("someone-new", "p60", 0.23404975f, "new|trending now|from a popular author"),
        ("someone-new", "p57", 0.11249565f, "from a popular author|new|trending now"),
        ("someone-new", "p58", 0.11081392f, "new|from a popular author|trending now"),
        ("someone-new", "p56", 0.10035147f, "from a popular author|new|trending now"),
        ("someone-new", "p59", 0.06135831f, "new|trending now"),
    ];

    [Fact]
    public void Load_BlendVersion1Fixture_RanksAsWhenItWasWritten()
    {
        // Written with BLND version 1 (11 signals by position, before the signal names were stored).
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "recommender-v1.rcm"));
        var model = RecommenderModel.Load(file);
        var ranker = new HybridRanker(model, null, new FakeTimeProvider(Now));

        Assert.True(model.Info.BlendLearned);
        Assert.Equal(1073, model.Info.Engagements);
        Assert.Equal(0.8616445377116109, model.Info.BlendLearnedAuc, 12);
        Assert.StartsWith("holdout latest (auto: posts are 30.8 hours old", model.Info.BlendNote, StringComparison.Ordinal);
        foreach (var user in new[] { "u01", "u02", "someone-new" })
        {
            var expected = Recommended.Where(r => r.User == user).ToArray();
            var actual = ranker.Recommend(user, expected.Length);
            Assert.Equal(expected.Select(r => r.Post), actual.Select(r => r.PostId));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 6);
                Assert.Equal(expected[i].Reasons, string.Join("|", actual[i].Reasons));
            }
        }
    }
}
