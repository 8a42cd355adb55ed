using Recommender.Ranking;
using Recommender.Training;
using static Recommender.Core.Tests.Ranking.RankingFixtures;

namespace Recommender.Core.Tests.Training;

/// <summary>
/// Hostile training data (issue 13, items 1 and 10): a finite but huge weight, an engagement dated 9999. Training
/// either gives a finite model that survives save, load and ranking, or fails with a one-line error.
/// </summary>
public sealed class TrainingInputTests
{
    private static readonly DateTimeOffset Year9999 = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1e38f)]
    [InlineData(-1e38f)]
    [InlineData(float.MaxValue)]
    public void Fit_OneHugeFiniteWeight_TrainsAFiniteModelThatLoadsAndRanks(float weight)
    {
        var engagements = Feed.Engagements.ToList();
        engagements.Add(engagements[5] with { Weight = weight });

        var model = Trainer().Fit(Feed.Users, Feed.Posts, engagements, Feed.Follows, null, TestContext.Current.CancellationToken);

        var nmf = model.Collaborative!;
        Assert.True(double.IsFinite(nmf.Summary.FinalLoss), $"NMF loss {nmf.Summary.FinalLoss}");
        for (var u = 0; u < nmf.Users.Count; u++)
        {
            Assert.All(nmf.GetUserFactors(u).ToArray(), f => Assert.True(float.IsFinite(f)));
        }

        var loaded = RecommenderModel.Load(new MemoryStream(RecommenderTrainerTests.Bytes(model)));
        var ranked = Ranker(model: loaded).Recommend(engagements[5].UserId, 10);
        Assert.NotEmpty(ranked);
        Assert.All(ranked, r => Assert.True(float.IsFinite(r.Score)));
    }

    [Fact]
    public void Fit_AnEngagementDated9999_DoesNotMoveTheDataWatermark()
    {
        var engagements = Feed.Engagements.ToList();
        var latest = engagements.Max(e => e.Timestamp);
        engagements.Add(engagements[5] with { Timestamp = Year9999 });

        var model = Trainer().Fit(Feed.Users, Feed.Posts, engagements, Feed.Follows, null, TestContext.Current.CancellationToken);

        Assert.Equal(latest, model.Info.DataWatermark);
        Assert.Equal(Feed.Engagements.Count, model.Info.Engagements);
    }

    [Fact]
    public void Fit_OnlyOutOfRangeAndFutureEngagements_FailsWithOneLineCountingWhy()
    {
        var e = Feed.Engagements[0];
        var trainer = new RecommenderTrainer(SmallOptions(), null, Clock());
        var nmf = new Recommender.Collaborative.NmfTrainer(SmallOptions().Collaborative, null, Clock());
        Recommender.Data.Engagement[] engagements = [e with { Weight = 1e38f }, e with { PostId = "other", Timestamp = Year9999 }];

        var error = Assert.Throws<InvalidOperationException>(() => nmf.Fit(engagements));
        var model = trainer.Fit([], Feed.Posts, engagements, null, null, TestContext.Current.CancellationToken);

        Assert.Contains("1 weight beyond ±1000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 dated beyond the clock skew", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(model.Collaborative);
        Assert.Null(model.Info.DataWatermark);
        Assert.Equal(0, model.Info.Engagements);
    }

    [Fact]
    public void Fit_MaxClockSkewInfinite_AcceptsAFarFutureTimestamp_ButNoneAModelFileCannotHold()
    {
        var options = SmallOptions();
        options.Weighting.MaxClockSkew = Timeout.InfiniteTimeSpan;
        var year2100 = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var engagements = Feed.Engagements.ToList();
        engagements.Add(engagements[5] with { Timestamp = year2100 });

        var model = Trainer(options).Fit(Feed.Users, Feed.Posts, engagements, Feed.Follows, null, TestContext.Current.CancellationToken);
        engagements.Add(engagements[5] with { Timestamp = Year9999 });
        var error = Assert.Throws<InvalidOperationException>(() => Trainer(options).Fit(Feed.Users, Feed.Posts, engagements, Feed.Follows, null, TestContext.Current.CancellationToken));

        Assert.Equal(year2100, model.Info.DataWatermark);
        Assert.Contains("DataWatermark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_KindWeightBeyondTheRange_AndBadSkewOrLease_AreListed()
    {
        var options = new RecommenderOptions();
        options.Weighting.KindWeights[Recommender.Data.EngagementKind.Like] = 2e6f;
        options.Weighting.MaxClockSkew = TimeSpan.FromHours(-1);
        options.Training.HeartbeatInterval = TimeSpan.FromMinutes(1);
        options.Training.RunLease = TimeSpan.FromMinutes(1);

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("KindWeights[Like]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Weighting:MaxClockSkew", error.Message, StringComparison.Ordinal);
        Assert.Contains("Training:RunLease", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Training:HeartbeatInterval", error.Message, StringComparison.Ordinal);
    }
}
