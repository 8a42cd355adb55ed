namespace Recommender.Postgres.Tests.Internal;

public sealed class PgIdentifierTests
{
    [Theory]
    [InlineData("recommender")]
    [InlineData("_private")]
    [InlineData("a1_b2")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk")] // 63 characters
    public void IsValidStrict_PlainLowerCaseNames_AreAccepted(string name)
        => Assert.True(PgIdentifier.IsValidStrict(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Recommender")]
    [InlineData("1abc")]
    [InlineData("my-schema")]
    [InlineData("a b")]
    [InlineData("x\"; DROP SCHEMA public CASCADE; --")]
    [InlineData("\u00e9t\u00e9")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl")] // 64 characters
    public void IsValidStrict_AnythingElse_IsRejected(string? name)
        => Assert.False(PgIdentifier.IsValidStrict(name));

    [Theory]
    [InlineData("Users", true)]
    [InlineData("CreatedAt", true)]
    [InlineData("created_at", true)]
    [InlineData("created-at", false)]
    [InlineData("posts.id", false)]
    [InlineData("id\"", false)]
    public void IsValidHost_AllowsEitherCaseButNothingElse(string name, bool valid)
        => Assert.Equal(valid, PgIdentifier.IsValidHost(name));

    [Fact]
    public void Qualify_QuotesSchemaAndTable()
    {
        Assert.Equal("\"Events\"", PgIdentifier.Qualify(null, "Events"));
        Assert.Equal("\"app\".\"Events\"", PgIdentifier.Qualify("app", "Events"));
    }
}
