using Recommender.Postgres.Migrations;

namespace Recommender.Postgres.Tests.Migrations;

public sealed class MigrationTests
{
    [Fact]
    public void All_ShipsTheInitialMigrationFirst()
    {
        Assert.NotEmpty(Migration.All);
        Assert.Equal(1, Migration.All[0].Version);
        Assert.Equal("initial", Migration.All[0].Name);
        Assert.Equal(Migration.All.Count, PostgresMigrator.LatestVersion);
        Assert.Contains(Migration.SchemaPlaceholder, Migration.All[0].Script);
    }

    [Fact]
    public void ScriptFor_ReplacesEveryPlaceholder()
    {
        var script = Migration.All[0].ScriptFor("\"s\"");
        Assert.DoesNotContain(Migration.SchemaPlaceholder, script);
        Assert.Contains("\"s\".model_versions", script);
    }

    [Fact]
    public void Load_OrdersByVersion_AndChecksumsTheScript()
    {
        var loaded = Migration.Load(
            ["Recommender.Postgres.Migrations.0002_more.sql", "Recommender.Postgres.Migrations.0001_first.sql"],
            name => "-- " + name);

        Assert.Equal([1, 2], loaded.Select(m => m.Version));
        Assert.Equal(["first", "more"], loaded.Select(m => m.Name));
        Assert.Equal(64, loaded[0].Checksum.Length);
        Assert.NotEqual(loaded[0].Checksum, loaded[1].Checksum);
    }

    [Theory]
    [InlineData("Recommender.Postgres.Migrations.0001_a.sql", "Recommender.Postgres.Migrations.0003_c.sql")]
    [InlineData("Recommender.Postgres.Migrations.0001_a.sql", "Recommender.Postgres.Migrations.0001_b.sql")]
    [InlineData("Recommender.Postgres.Migrations.1_a.sql")]
    public void Load_GapsRepeatsOrBadNames_Throw(params string[] names)
        => Assert.Throws<InvalidOperationException>(() => Migration.Load(names, _ => string.Empty));

    [Fact]
    public void LockObjectId_DiffersBetweenSchemas_AndIsStable()
    {
        Assert.NotEqual(PostgresMigrator.LockObjectId("recommender"), PostgresMigrator.LockObjectId("recommender2"));
        Assert.Equal(PostgresMigrator.LockObjectId("recommender"), PostgresMigrator.LockObjectId("recommender"));
    }
}
