using Recommender.Data;
using Recommender.Postgres.Propagation;

namespace Recommender.Postgres.Tests.Internal;

/// <summary>The NOTIFY payload of an engagement: read back as written (to the microsecond), any id characters, malformed ones refused.</summary>
public sealed class EngagementPayloadTests
{
    [Theory]
    [InlineData("u1", "p1", null)]
    [InlineData("user:with:colons", "post:9", 0.25f)]
    [InlineData("ünïcødé 用户", "帖子\n\"'", -3f)]
    public void Format_ThenParse_GivesTheEngagementBack_ToTheMicrosecond(string user, string post, float? weight)
    {
        var at = new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var e = new Engagement(user, post, EngagementKind.Bookmark, at, weight);

        Assert.True(EngagementPayload.TryParse(EngagementPayload.Format(e), out var back));

        Assert.Equal(e with { Timestamp = at.AddTicks(-7) }, back with { Timestamp = back.Timestamp.ToOffset(at.Offset) });
    }

    [Theory]
    [InlineData("")]
    [InlineData("2:123")]
    [InlineData("x:1:2:2:u1p1")]
    [InlineData("2:1::9:u1p1")]
    [InlineData("2:1::0:p1")]
    [InlineData("2:1:w:2:u1p1")]
    [InlineData("2:99999999999999999999::2:u1p1")]
    [InlineData("2:999999999999999999::2:u1p1")]
    public void Parse_Malformed_IsRefused(string data) => Assert.False(EngagementPayload.TryParse(data, out _));
}
