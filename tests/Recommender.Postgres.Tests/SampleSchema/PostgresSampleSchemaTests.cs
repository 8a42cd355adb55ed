using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests.SampleSchema;

public sealed class PostgresSampleSchemaTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    [Fact]
    public async Task CreateAsync_Twice_CreatesTheDocumentedTablesAndIndexes()
    {
        var schema = Fixture.NewSchemaName();

        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);

        Assert.Equal(
            "engagements,follows,posts,users",
            await ScalarAsync<string>($"SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '{schema}'"));
        Assert.Equal(
            "engagements_created_at,follows_pkey,posts_created_at,posts_pkey,users_pkey",
            await ScalarAsync<string>($"SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = '{schema}'"));
    }

    [Fact]
    public async Task Script_RunsAsIs_InTheSearchPathSchema()
    {
        var schema = Fixture.NewSchemaName();
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\"; {PostgresSampleSchema.Script}; RESET search_path;");

        Assert.Equal(4L, await ScalarAsync<long>($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}'"));
    }

    [Fact]
    public async Task CreateAsync_InvalidSchemaName_Throws()
        => await Assert.ThrowsAsync<ArgumentException>(() => PostgresSampleSchema.CreateAsync(DataSource, "x; DROP TABLE y", Token));
}
