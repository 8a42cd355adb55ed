using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

public class UserBucketTests
{
    /// <summary>
    /// Buckets are part of the public contract (a user keeps their rollout slice and A/B variant across processes,
    /// restarts and versions): these values were cross-checked with an independent XXH32 implementation of
    /// XXH32(seed 0, UTF-8 "salt:userId") mod 100. A change here moves real users between slices.
    /// </summary>
    [Theory]
    [InlineData("mlRecommendations", "user-1", 19)]
    [InlineData("mlRecommendations", "user-2", 10)]
    [InlineData("personalizedFeed", "user-1", 43)]
    [InlineData("engagementRanking", "alice", 21)]
    [InlineData("variant-split", "user-1", 60)]
    [InlineData("variant-split", "bob", 72)]
    [InlineData("mlRecommendations", "Zoë-ünïcödé-用户", 50)]
    [InlineData("", "", 68)]
    public void Of_IsPinned(string salt, string userId, int bucket) => Assert.Equal(bucket, UserBucket.Of(salt, userId));

    [Fact]
    public void Of_LongIds_ArePinnedToo()
    {
        // Longer than the 512-byte stack buffer: the heap path must hash the same bytes.
        Assert.Equal(9, UserBucket.Of("x", new string('u', 600)));
    }

    [Fact]
    public void Of_IsInRange_AndSaltSeparatesSlices()
    {
        var differ = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var user = $"user-{i}";
            var a = UserBucket.Of(FeatureFlagNames.MlRecommendations, user);
            var b = UserBucket.Of(FeatureFlagNames.PersonalizedFeed, user);
            Assert.InRange(a, 0, 99);
            Assert.InRange(b, 0, 99);
            differ += a != b ? 1 : 0;
        }

        // Independent flags roll out to independent slices: the two buckets agree for about 1% of users.
        Assert.True(differ > 950, $"only {differ} of 1000 users had different buckets for two flags");
    }

    [Fact]
    public void IsOn_Rollout30_PutsAbout30PercentOf10000UsersOn()
    {
        var flag = new FeatureFlag(FeatureFlagNames.MlRecommendations, Enabled: true, RolloutPercentage: 30);
        var on = 0;
        for (var i = 0; i < 10_000; i++)
        {
            on += UserBucket.IsOn(flag, $"user-{i}") ? 1 : 0;
        }

        Assert.InRange(on, 2_800, 3_200);
    }

    [Fact]
    public void IsOn_FollowsTheBucket_AndTheEdges()
    {
        for (var i = 0; i < 500; i++)
        {
            var user = $"u{i}";
            var bucket = UserBucket.Of("f", user);
            Assert.Equal(bucket < 30, UserBucket.IsOn(new FeatureFlag("f", true, 30), user));
            Assert.True(UserBucket.IsOn(new FeatureFlag("f", true, 100), user));
            Assert.False(UserBucket.IsOn(new FeatureFlag("f", true, 0), user));
            Assert.False(UserBucket.IsOn(new FeatureFlag("f", false, 100), user));
        }
    }

    [Fact]
    public void Rollout_GrowingThePercentage_KeepsEveryoneAlreadyOn()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var user = $"user-{i}";
            if (UserBucket.IsOn(new FeatureFlag("f", true, 10), user))
            {
                Assert.True(UserBucket.IsOn(new FeatureFlag("f", true, 50), user));
            }
        }
    }

    [Fact]
    public void Of_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => UserBucket.Of(null!, "u"));
        Assert.Throws<ArgumentNullException>(() => UserBucket.Of("s", null!));
        Assert.Throws<ArgumentNullException>(() => UserBucket.IsOn(null!, "u"));
    }
}
