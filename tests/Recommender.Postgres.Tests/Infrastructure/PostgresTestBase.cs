using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// Base of every test that needs PostgreSQL: gives the class's own schema. Without a database such classes are not
/// run (<see cref="PostgresTestFramework"/>); in CI each test fails.
/// </summary>
public abstract class PostgresTestBase : IClassFixture<PostgresSchemaFixture>
{
    protected PostgresTestBase(PostgresSchemaFixture fixture)
    {
        TestDatabase.Require();
        Fixture = fixture;
    }

    protected PostgresSchemaFixture Fixture { get; }

    protected NpgsqlDataSource DataSource => Fixture.DataSource;

    protected string Schema => Fixture.Schema;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Runs SQL in the test database (test set-up only).</summary>
    protected async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Token);
    }

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Token))!;
    }
}
