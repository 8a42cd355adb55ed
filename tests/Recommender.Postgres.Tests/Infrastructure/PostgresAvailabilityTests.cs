using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// The one line <c>dotnet test</c> shows about PostgreSQL when there is no server: this test skips, naming how many
/// tests were left out and how to run them (the others are not run at all, see <see cref="PostgresTestFramework"/>).
/// With a server it checks that the server answers; in CI without one it fails.
/// </summary>
public sealed class PostgresAvailabilityTests
{
    [Fact]
    public async Task Database_IsConfigured_AndAnswers()
    {
        switch (TestDatabase.Availability)
        {
            case DatabaseAvailability.MissingInCi:
                Assert.Fail("CI=true but " + TestDatabase.MissingMessage);
                break;
            case DatabaseAvailability.Missing:
                Assert.Skip($"{PostgresTestFramework.CountDatabaseTests(typeof(PostgresAvailabilityTests).Assembly)} PostgreSQL test methods not run: {TestDatabase.MissingMessage}");
                break;
        }

        await using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString!);
        await using var command = database.CreateCommand("SELECT 1");
        Assert.Equal(1, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Host=db", false, DatabaseAvailability.Configured)]
    [InlineData("Host=db", true, DatabaseAvailability.Configured)]
    [InlineData(null, false, DatabaseAvailability.Missing)]
    [InlineData("  ", false, DatabaseAvailability.Missing)]
    [InlineData(null, true, DatabaseAvailability.MissingInCi)]
    public void Check_ConnectionStringAndCi_DecideWhetherTestsRunSkipOrFail(string? connectionString, bool isCi, DatabaseAvailability expected) =>
        Assert.Equal(expected, TestDatabase.Check(connectionString, isCi));

    [Fact]
    public void NeedsDatabase_ClassesWithADatabaseFixture_AndOnlyThose()
    {
        Assert.True(PostgresTestFramework.NeedsDatabase(typeof(PostgresDataSourceTests)));
        Assert.True(PostgresTestFramework.NeedsDatabase(typeof(Registry.ModelVersionStoreTests)));
        Assert.False(PostgresTestFramework.NeedsDatabase(typeof(PostgresDataSourceOptionsTests)));
        Assert.False(PostgresTestFramework.NeedsDatabase(typeof(PostgresAvailabilityTests)));
        Assert.True(PostgresTestFramework.CountDatabaseTests(typeof(PostgresAvailabilityTests).Assembly) > 100);
    }
}
