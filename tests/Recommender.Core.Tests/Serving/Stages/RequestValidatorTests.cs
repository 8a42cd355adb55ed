using Recommender.Data;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving.Stages;

public class RequestValidatorTests
{
    private static readonly RequestValidator Validator = new(new ServingOptions { MaxCandidates = 3, MaxCount = 10 });

    [Fact]
    public void CandidateIds_NullEmptyOrTooMany_ThrowNamingTheArgument()
    {
        Assert.Throws<ArgumentNullException>("candidateIds", () => Validator.CandidateIds(null!));
        Assert.Contains("candidateIds[1] is null or empty", Assert.Throws<ArgumentException>("candidateIds", () => Validator.CandidateIds(["a", ""])).Message, StringComparison.Ordinal);
        Assert.Contains("exceed Serving:MaxCandidates (3)", Assert.Throws<ArgumentException>("candidateIds", () => Validator.CandidateIds(["a", "b", "c", "d"])).Message, StringComparison.Ordinal);
        Validator.CandidateIds(["a", "b", "c"]);
    }

    [Fact]
    public void CandidatePosts_NullPostOrMissingId_ThrowNamingTheIndex_ElseGiveTheIds()
    {
        var post = new Post("p", null, DateTimeOffset.UnixEpoch);

        Assert.Contains("candidates[1] is null", Assert.Throws<ArgumentException>("candidates", () => Validator.CandidatePosts([post, null!])).Message, StringComparison.Ordinal);
        Assert.Contains("candidates[0] has no id", Assert.Throws<ArgumentException>("candidates", () => Validator.CandidatePosts([post with { Id = "" }])).Message, StringComparison.Ordinal);
        Assert.Equal(["p", "q"], Validator.CandidatePosts([post, post with { Id = "q" }]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(11)]
    public void Count_OutOfRange_Throws(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(nameof(count), () => Validator.Count(count));
        Assert.Contains("MaxCount (10)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserIds_NullOrEmptyEntry_ThrowsNamingTheIndex()
    {
        Assert.Contains("userIds[2]", Assert.Throws<ArgumentException>("userIds", () => Validator.UserIds(["a", "b", null!])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("userId", () => Validator.UserId(""));
    }

    [Fact]
    public void Engagement_MissingIdsUndefinedKindOrNonFiniteWeight_Throw()
    {
        var ok = new Engagement("u", "p", EngagementKind.Like, DateTimeOffset.UnixEpoch);

        Assert.Throws<ArgumentException>("engagement.UserId", () => Validator.Engagement(ok with { UserId = "" }));
        Assert.Throws<ArgumentException>("engagement.PostId", () => Validator.Engagement(ok with { PostId = null! }));
        Assert.Throws<ArgumentException>("engagement", () => Validator.Engagement(ok with { Kind = (EngagementKind)99 }));
        Assert.Throws<ArgumentException>("engagement", () => Validator.Engagement(ok with { Weight = float.NaN }));
        Validator.Engagement(ok with { Weight = 2f });
    }
}
