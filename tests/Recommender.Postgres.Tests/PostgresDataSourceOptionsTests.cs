using Npgsql;
using Recommender.Data;

namespace Recommender.Postgres.Tests;

public sealed class PostgresDataSourceOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndDescribeTheSampleLayout()
    {
        var options = new PostgresDataSourceOptions();
        options.Validate();
        Assert.Null(options.Schema);
        Assert.Equal("engagements", options.Engagements.Table);
        Assert.Equal("created_at", options.Engagements.CreatedAtColumn);
        Assert.Equal(10_000, options.FetchSize);
        Assert.Equal(Enum.GetValues<EngagementKind>().Length, options.KindNames.Count);
        Assert.Equal(EngagementKind.Like, options.KindNames["LIKE"]);
    }

    [Fact]
    public void Validate_EveryInvalidName_IsListedInOneException()
    {
        var options = new PostgresDataSourceOptions
        {
            Schema = "my schema",
            Users = { Table = "users;--" },
            Posts = { TagsColumn = "tags[]" },
            Engagements = { KindColumn = "kind\"", WeightColumn = "" },
            Follows = { CreatedAtColumn = "1st" },
            FetchSize = 0,
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Schema", ex.Message);
        Assert.Contains("Users:Table", ex.Message);
        Assert.Contains("Posts:TagsColumn", ex.Message);
        Assert.Contains("Engagements:KindColumn", ex.Message);
        Assert.Contains("Engagements:WeightColumn", ex.Message);
        Assert.Contains("Follows:CreatedAtColumn", ex.Message);
        Assert.Contains("FetchSize", ex.Message);
    }

    [Fact]
    public void Validate_CustomSelectWithoutItsParameter_IsRejected()
    {
        var options = new PostgresDataSourceOptions
        {
            Engagements = { SelectSql = "SELECT user_id, post_id, kind, at, NULL::real FROM events" },
            Posts = { SelectSql = "SELECT 1", FindSql = "SELECT id FROM posts WHERE id = @id" },
            Users = { SelectSql = "   " },
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Engagements:SelectSql must use the parameter @since", ex.Message);
        Assert.Contains("Posts:SelectSql must use the parameter @since", ex.Message);
        Assert.Contains("Posts:FindSql must use the parameter @ids", ex.Message);
        Assert.Contains("Users:SelectSql must not be empty", ex.Message);
    }

    [Fact]
    public void Validate_CustomSelect_MakesTheTableNamesIrrelevant()
    {
        var options = new PostgresDataSourceOptions
        {
            Engagements = { Table = "not a name", SelectSql = "SELECT a, b, c, d, e FROM x WHERE @since IS NULL OR d > @since" },
        };

        options.Validate();
    }

    [Fact]
    public void Validate_KindNamesToUndefinedKind_IsRejected()
    {
        var options = new PostgresDataSourceOptions();
        options.KindNames["upvote"] = (EngagementKind)42;
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("KindNames['upvote']", ex.Message);
    }

    [Fact]
    public void Validate_NullTables_AreRejected()
    {
        var options = new PostgresDataSourceOptions { Users = null!, KindNames = null! };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Users must not be null", ex.Message);
        Assert.Contains("KindNames must not be null", ex.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentException()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Password=secret-password");
        var ex = Assert.Throws<ArgumentException>(
            () => new PostgresDataSource(dataSource, new PostgresDataSourceOptions { Engagements = { Table = "events where 1=1" } }));
        Assert.Contains("Engagements:Table", ex.Message);
        Assert.DoesNotContain("secret-password", ex.Message);
    }
}
