using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Tests.TestSupport;
using Recommender.Data;

namespace Recommender.Core.Tests.Data;

public sealed class InteractionMatrixTests
{
    private static readonly DateTimeOffset Now = TestData.Epoch.AddDays(30);
    private readonly FakeTimeProvider _time = new(Now);

    private static Engagement E(string user, string post, EngagementKind kind, DateTimeOffset at, float? weight = null) => new(user, post, kind, at, weight);

    [Fact]
    public void Create_DuplicatePairs_AreSummedAndCounted()
    {
        var options = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan };
        var matrix = InteractionMatrix.Create(
            [E("a", "x", EngagementKind.View, Now), E("a", "x", EngagementKind.Like, Now), E("a", "y", EngagementKind.View, Now)],
            options,
            _time);

        Assert.Equal(2, matrix.NonZeroCount);
        Assert.Equal(EngagementDefaults.ViewWeight + EngagementDefaults.LikeWeight, matrix.GetWeight(0, 0));
        Assert.Equal(1, matrix.Report.MergedDuplicates);
        Assert.Equal(3, matrix.Report.Accepted);
    }

    [Fact]
    public void Create_OneHalfLifeOld_WeighsHalf()
    {
        var options = new EngagementWeightingOptions { HalfLife = TimeSpan.FromDays(7) };
        var matrix = InteractionMatrix.Create(
            [E("a", "old", EngagementKind.Like, Now.AddDays(-7)), E("a", "older", EngagementKind.Like, Now.AddDays(-14))],
            options,
            _time);

        Assert.Equal(EngagementDefaults.LikeWeight / 2, matrix.GetWeight(0, 0), 5);
        Assert.Equal(EngagementDefaults.LikeWeight / 4, matrix.GetWeight(0, 1), 5);
        Assert.Equal(Now, matrix.ReferenceTime);
    }

    [Fact]
    public void Create_FutureTimestampWithinTheClockSkew_CountsAsNowAndIsReported()
    {
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.Like, Now.AddHours(23))], null, _time);

        Assert.Equal(EngagementDefaults.LikeWeight, matrix.GetWeight(0, 0));
        Assert.Equal(1, matrix.Report.FutureTimestamps);
    }

    [Theory]
    [InlineData(1e38f)]
    [InlineData(-1e38f)]
    [InlineData(1.000001e6f)]
    public void Create_WeightBeyondTheDocumentedRange_IsSkipped_AndTheMatrixStaysFinite(float weight)
    {
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.Share, Now, weight), E("a", "y", EngagementKind.Like, Now)], null, _time);

        Assert.Equal(1, matrix.NonZeroCount);
        Assert.Equal(0, matrix.Report.NegativePairs);
        Assert.All(matrix.UserValues.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1, matrix.Report.SkippedWeightOutOfRange);
        Assert.Equal(1, matrix.Report.Skipped);
    }

    [Fact]
    public void Create_WeightAtTheEdgeOfTheRange_IsAccepted()
    {
        var options = new EngagementWeightingOptions { HalfLife = Timeout.InfiniteTimeSpan };
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.View, Now, 1e6f), E("a", "y", EngagementKind.View, Now, -1e6f)], options, _time);

        Assert.Equal(1e6f, matrix.GetWeight(0, matrix.Posts.IndexOf("x")));
        Assert.Equal(1, matrix.Report.NegativePairs);
    }

    [Fact]
    public void Create_TimestampBeyondTheClockSkew_IsSkipped_AndDoesNotMoveTheWatermark()
    {
        var matrix = InteractionMatrix.Create(
            [E("a", "x", EngagementKind.Like, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)), E("a", "y", EngagementKind.Like, Now.AddDays(1).AddMinutes(1)), E("a", "z", EngagementKind.Like, Now)],
            null,
            _time);

        Assert.Equal(1, matrix.NonZeroCount);
        Assert.Equal(Now, matrix.Watermark);
        Assert.Equal(2, matrix.Report.SkippedBeyondClockSkew);
        Assert.Equal(2, matrix.Report.Skipped);
        Assert.Equal(0, matrix.Report.FutureTimestamps);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Create_NonFiniteWeight_IsSkippedAndCounted(float weight)
    {
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.Like, Now, weight), E("a", "y", EngagementKind.Like, Now)], null, _time);

        Assert.Equal(1, matrix.NonZeroCount);
        Assert.Equal(1, matrix.Report.SkippedInvalidWeight);
        Assert.False(matrix.Posts.TryGetIndex("x", out _));
    }

    [Fact]
    public void Create_UndefinedKindAndMissingIds_AreSkippedAndCounted()
    {
        var matrix = InteractionMatrix.Create(
            [E("a", "x", (EngagementKind)99, Now), E("", "x", EngagementKind.Like, Now), E("a", null!, EngagementKind.Like, Now), E("a", "y", EngagementKind.Like, Now)],
            null,
            _time);

        Assert.Equal(1, matrix.Report.SkippedUndefinedKind);
        Assert.Equal(2, matrix.Report.SkippedMissingId);
        Assert.Equal(1, matrix.NonZeroCount);
    }

    [Fact]
    public void Create_NegativeNetWeight_IsNegativeFeedbackNotAnEntry()
    {
        var matrix = InteractionMatrix.Create(
            [E("a", "x", EngagementKind.View, Now), E("a", "x", EngagementKind.Hide, Now), E("a", "y", EngagementKind.Like, Now)],
            null,
            _time);

        Assert.Equal(1, matrix.NonZeroCount);
        Assert.Equal(0f, matrix.GetWeight(0, matrix.Posts.IndexOf("x")));
        Assert.Equal([matrix.Posts.IndexOf("x")], matrix.GetNegativePosts(0).ToArray());
        Assert.Equal(1, matrix.Report.NegativePairs);
    }

    [Fact]
    public void Create_NegativeExplicitWeightOnPositiveKind_IsNegativeFeedback()
    {
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.Like, Now, -1f)], null, _time);

        Assert.Equal(0, matrix.NonZeroCount);
        Assert.Equal(1, matrix.Report.NegativePairs);
    }

    [Fact]
    public void Create_KindWithZeroWeight_IsSkipped()
    {
        var options = new EngagementWeightingOptions();
        options.KindWeights[EngagementKind.View] = 0f;
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.View, Now)], options, _time);

        Assert.Equal(0, matrix.NonZeroCount);
        Assert.Equal(1, matrix.Report.SkippedZeroWeight);
    }

    [Fact]
    public void Create_Empty_GivesEmptyMatrixWithoutWatermark()
    {
        var matrix = InteractionMatrix.Create([], null, _time);

        Assert.Equal(0, matrix.NonZeroCount);
        Assert.Equal(0, matrix.Users.Count);
        Assert.Null(matrix.Watermark);
    }

    [Fact]
    public void Create_PostMajorView_MatchesUserMajorView()
    {
        var matrix = InteractionMatrix.Create(TestData.Random(40, 60, 900, seed: 3), null, _time);

        var fromPosts = new Dictionary<(int, int), float>();
        for (var p = 0; p < matrix.Posts.Count; p++)
        {
            var users = matrix.GetPostUsers(p);
            var weights = matrix.GetPostWeights(p);
            for (var i = 0; i < users.Length; i++)
            {
                fromPosts[(users[i], p)] = weights[i];
            }
        }

        Assert.Equal(matrix.NonZeroCount, fromPosts.Count);
        foreach (var ((u, p), w) in fromPosts)
        {
            Assert.Equal(matrix.GetWeight(u, p), w);
        }
    }

    [Fact]
    public void Create_Watermark_IsLatestTimestamp()
    {
        var latest = Now.AddHours(-1);
        var matrix = InteractionMatrix.Create([E("a", "x", EngagementKind.Like, Now.AddDays(-3)), E("b", "x", EngagementKind.Like, latest)], null, _time);

        Assert.Equal(latest, matrix.Watermark);
    }

    [Fact]
    public void Builder_RegisteredUserWithoutEngagements_HasEmptyRow()
    {
        var builder = new InteractionMatrixBuilder(null, _time);
        builder.AddUser("lonely");
        builder.Add(E("a", "x", EngagementKind.Like, Now));
        var matrix = builder.Build();

        Assert.Equal(2, matrix.Users.Count);
        Assert.True(matrix.GetUserPosts(matrix.Users.IndexOf("lonely")).IsEmpty);
    }

    [Fact]
    public void Builder_UsedAfterBuild_Throws()
    {
        var builder = new InteractionMatrixBuilder(null, _time);
        builder.Build();

        Assert.Throws<ObjectDisposedException>(() => builder.Add(E("a", "x", EngagementKind.Like, Now)));
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new EngagementWeightingOptions { HalfLife = TimeSpan.FromDays(-1) };
        options.KindWeights[EngagementKind.Like] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => new InteractionMatrixBuilder(options, _time));

        Assert.Contains("HalfLife", error.Message, StringComparison.Ordinal);
        Assert.Contains("KindWeights[Like]", error.Message, StringComparison.Ordinal);
    }
}
