namespace Recommender.ConsoleSample.Tests;

/// <summary>The PostgreSQL server of the tests that need one (RECOMMENDER_TEST_POSTGRES, as the Postgres tests use).</summary>
internal static class TestDatabase
{
    private const string Variable = "RECOMMENDER_TEST_POSTGRES";

    /// <summary>The connection string; skips the test without one, except in CI (CI=true), where it fails.</summary>
    public static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true but {Variable} is not set: run the tests through '.ci/with-postgres dotnet test -c Release'.");
        }

        Assert.Skip($"{Variable} is not set: run the tests through '.ci/with-postgres dotnet test -c Release'.");
        return string.Empty;
    }
}
