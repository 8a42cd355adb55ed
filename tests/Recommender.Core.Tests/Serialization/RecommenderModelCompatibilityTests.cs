using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Core.Tests.Serialization;

/// <summary>
/// Model files written by earlier versions (Fixtures/README.md) load and rank through the public API as the version
/// that wrote them ranked: the same posts in the same order, the same scores to 1e-5. recommender-before-coengagement.rcm
/// is the format of the first release (10 blend signals, no co-engagement graph); recommender-coengagement.rcm the one
/// after it (11 signals, the FCOE chunk). The expected values are what the writing version printed.
/// </summary>
public sealed class RecommenderModelCompatibilityTests
{
    public static TheoryData<string, string, RecommendationSource, string[], float[]> Rankings => new()
    {
        { "recommender-before-coengagement.rcm", "u0", RecommendationSource.Model, ["p6", "p11", "p3", "p2", "p7", "p46", "p14", "p18", "p51", "p58"], [0.0949544f, 0.08893088f, 0.08708105f, 0.08171072f, 0.078159995f, 0.07204622f, 0.07197432f, 0.068396136f, 0.06810179f, 0.064953685f] },
        { "recommender-before-coengagement.rcm", "u5", RecommendationSource.Model, ["p4", "p7", "p3", "p11", "p12", "p8", "p16", "p19", "p59", "p47"], [0.08793768f, 0.08508548f, 0.08146351f, 0.0802362f, 0.080110565f, 0.0786015f, 0.07258246f, 0.066061415f, 0.06507857f, 0.06494414f] },
        { "recommender-before-coengagement.rcm", "new-user", RecommendationSource.ColdStart, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"], [0.04594826f, 0.04486306f, 0.044622187f, 0.04435328f, 0.044053286f, 0.043718863f, 0.04334638f, 0.04293189f, 0.042471137f, 0.04195959f] },
        { "recommender-coengagement.rcm", "u0", RecommendationSource.Model, ["p6", "p26", "p18", "p2", "p14", "p22", "p3", "p34", "p11", "p0"], [0.10186217f, 0.08382503f, 0.07981139f, 0.07489113f, 0.07393263f, 0.06604528f, 0.04677327f, 0.044401534f, 0.043531016f, 0.041698113f] },
        { "recommender-coengagement.rcm", "u5", RecommendationSource.Model, ["p7", "p11", "p19", "p3", "p27", "p23", "p31", "p4", "p12", "p5"], [0.086575225f, 0.08397537f, 0.080786966f, 0.07647882f, 0.06931719f, 0.06642226f, 0.058842245f, 0.048146825f, 0.046659768f, 0.04358352f] },
        { "recommender-coengagement.rcm", "new-user", RecommendationSource.ColdStart, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"], [0.065302715f, 0.060596317f, 0.06050378f, 0.06040006f, 0.06028386f, 0.060153667f, 0.060007844f, 0.059844557f, 0.05966177f, 0.059457228f] },
    };

    public static TheoryData<string, string, string[]> Recommendations => new()
    {
        { "recommender-before-coengagement.rcm", "u0", ["p6", "p11", "p3", "p2", "p7"] },
        { "recommender-coengagement.rcm", "u0", ["p6", "p26", "p18", "p2", "p14"] },
    };

    public static TheoryData<string, string[], float[], RecommendationSource[]> RankingsWithNewPosts => new()
    {
        { "recommender-before-coengagement.rcm", ["new-unknown-author", "p3", "p2", "new-dotnet", "new-music", "p5", "p0"], [1f, 0.08708105f, 0.08171072f, 0.015485936f, 0.009368808f, 0.002450663f, 0.0014037924f], [RecommendationSource.ColdStart, RecommendationSource.Model, RecommendationSource.Model, RecommendationSource.ColdStart, RecommendationSource.ColdStart, RecommendationSource.Model, RecommendationSource.Model] },
        { "recommender-coengagement.rcm", ["new-dotnet", "p2", "p3", "p0", "p5", "new-music", "new-unknown-author"], [0.90919703f, 0.07489113f, 0.04677327f, 0.041698113f, 0.0021865678f, 0.0005176323f, 8.059155E-08f], [RecommendationSource.ColdStart, RecommendationSource.Model, RecommendationSource.Model, RecommendationSource.Model, RecommendationSource.Model, RecommendationSource.ColdStart, RecommendationSource.ColdStart] },
    };

    [Theory]
    [InlineData("recommender-before-coengagement.rcm")]
    [InlineData("recommender-coengagement.rcm")]
    public void Load_EarlierVersionsFile_DescribesTheTrainingItRecorded(string file)
    {
        var model = Load(file);

        Assert.Equal(CompatibilityData.Users().Length, model.Info.Users);
        Assert.Equal(CompatibilityData.Posts().Length, model.Info.Posts);
        Assert.Equal(CompatibilityData.Engagements().Length, model.Info.Engagements);
        Assert.Equal(CompatibilityData.Now, model.Info.TrainedAt);
        Assert.True(model.Info.BlendLearned);
        Assert.NotNull(model.Collaborative);
        Assert.Equal(4, model.Collaborative.FactorCount);
    }

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Rank_EarlierVersionsFile_RanksAsThatVersionDid(string file, string user, RecommendationSource source, string[] expectedTop, float[] expectedScores)
    {
        var ranker = new HybridRanker(Load(file), timeProvider: new FixedClock(CompatibilityData.Now));

        var feed = ranker.Rank(user, CompatibilityData.Posts());

        var seen = CompatibilityData.Engagements().Where(e => e.UserId == user).Select(e => e.PostId).ToHashSet();
        Assert.Equal(CompatibilityData.Posts().Length - seen.Count, feed.Count);
        Assert.DoesNotContain(feed, p => seen.Contains(p.PostId));
        Assert.Equal(expectedTop, feed.Take(expectedTop.Length).Select(p => p.PostId));
        for (var i = 0; i < expectedScores.Length; i++)
        {
            Assert.Equal(expectedScores[i], feed[i].Score, 1e-5f);
        }

        Assert.All(feed, p => Assert.Equal(source, p.Source));
        Assert.All(feed, p => Assert.True(float.IsFinite(p.Score), $"{p.PostId} scored {p.Score}"));
        Assert.NotEmpty(feed[0].Reasons);
    }

    [Theory]
    [MemberData(nameof(RankingsWithNewPosts))]
    public void Rank_EarlierVersionsFile_RanksPostsPublishedAfterItAsThatVersionDid(string file, string[] expected, float[] expectedScores, RecommendationSource[] expectedSources)
    {
        var ranker = new HybridRanker(Load(file), timeProvider: new FixedClock(CompatibilityData.Now));
        Post[] candidates = [.. CompatibilityData.Posts().Take(6), .. CompatibilityData.NewPosts()];

        var feed = ranker.Rank("u0", candidates);

        Assert.Equal(expected, feed.Select(p => p.PostId));
        Assert.Equal(expectedSources, feed.Select(p => p.Source));
        for (var i = 0; i < expectedScores.Length; i++)
        {
            Assert.Equal(expectedScores[i], feed[i].Score, 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Recommendations))]
    public void Recommend_EarlierVersionsFile_RecommendsAsThatVersionDid(string file, string user, string[] expectedTop)
    {
        var ranker = new HybridRanker(Load(file), timeProvider: new FixedClock(CompatibilityData.Now));

        var top = ranker.Recommend(user, expectedTop.Length);

        Assert.Equal(expectedTop, top.Select(p => p.PostId));
    }

    private static RecommenderModel Load(string file)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));
        return RecommenderModel.Load(stream);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
