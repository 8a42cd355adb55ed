namespace Recommender.WebApi.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the tests, from RECOMMENDER_TEST_POSTGRES (an Npgsql connection string), as in
/// Recommender.Postgres.Tests: without it the test skips, saying how to start one; in CI (CI=true) it fails.
/// </summary>
internal static class TestDatabase
{
    public const string EnvironmentVariable = "RECOMMENDER_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static void Require()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        var message = $"{EnvironmentVariable} is not set, so there is no PostgreSQL to test against: run '.ci/with-postgres dotnet test -c Release' (see DEVELOPERS.md).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + message);
        }

        Assert.Skip(message);
    }
}
