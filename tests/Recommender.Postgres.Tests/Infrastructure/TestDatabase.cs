namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use, from the environment variable <see cref="EnvironmentVariable"/>
/// (an Npgsql connection string). Without it the tests skip, saying how to start one; in CI (CI=true) they fail:
/// a missing database must never pass silently there.
/// </summary>
internal static class TestDatabase
{
    public const string EnvironmentVariable = "RECOMMENDER_TEST_POSTGRES";

    public static string? ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"{EnvironmentVariable} is not set, so there is no PostgreSQL to test against. Run the tests through " +
        $"'.ci/with-postgres dotnet test -c Release' (starts a throw-away server) or set {EnvironmentVariable} to an " +
        "Npgsql connection string (Host=...;Port=...;Username=...;Password=...;Database=...). See DEVELOPERS.md.";

    /// <summary>Skips the current test (fails it in CI) when no database is configured.</summary>
    public static void Require()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail("CI=true but " + MissingMessage);
        }

        Assert.Skip(MissingMessage);
    }
}
