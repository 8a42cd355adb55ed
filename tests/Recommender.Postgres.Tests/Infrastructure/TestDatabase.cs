namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>Whether the tests have a PostgreSQL server to run against.</summary>
public enum DatabaseAvailability
{
    /// <summary>A connection string is set: the tests run.</summary>
    Configured,

    /// <summary>None is set, outside CI: the tests that need it are left out (one summary test says so).</summary>
    Missing,

    /// <summary>None is set and CI=true: the tests that need it fail. CI never passes without having run them.</summary>
    MissingInCi,
}

/// <summary>
/// The PostgreSQL server the tests use, from the environment variable <see cref="EnvironmentVariable"/>
/// (an Npgsql connection string). Without it the test classes that need it are not run (see
/// <see cref="PostgresTestFramework"/>; <c>PostgresAvailabilityTests</c> skips once, saying how to start a server);
/// in CI (CI=true) they run and fail: a missing database must never pass silently there.
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

    /// <summary>The availability in this process.</summary>
    public static DatabaseAvailability Availability => Check(ConnectionString, IsCi);

    public static string MissingMessage =>
        $"{EnvironmentVariable} is not set, so there is no PostgreSQL to test against. Run the tests through " +
        $"'.ci/with-postgres dotnet test -c Release' (starts a throw-away server) or set {EnvironmentVariable} to an " +
        "Npgsql connection string (Host=...;Port=...;Username=...;Password=...;Database=...). See DEVELOPERS.md.";

    /// <summary>The short reason of a test that skips for want of a database (the long one is said once).</summary>
    public const string ShortSkipReason = "no PostgreSQL (" + EnvironmentVariable + " is not set; see PostgresAvailabilityTests)";

    public static DatabaseAvailability Check(string? connectionString, bool isCi) =>
        !string.IsNullOrWhiteSpace(connectionString) ? DatabaseAvailability.Configured
        : isCi ? DatabaseAvailability.MissingInCi
        : DatabaseAvailability.Missing;

    /// <summary>Skips the current test (fails it in CI) when no database is configured.</summary>
    public static void Require()
    {
        switch (Availability)
        {
            case DatabaseAvailability.MissingInCi:
                Assert.Fail("CI=true but " + MissingMessage);
                break;
            case DatabaseAvailability.Missing:
                Assert.Skip(ShortSkipReason);
                break;
        }
    }
}
