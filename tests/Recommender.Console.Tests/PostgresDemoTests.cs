using Npgsql;

namespace Recommender.ConsoleSample.Tests;

/// <summary>
/// The demo, train and recommend against a real PostgreSQL (RECOMMENDER_TEST_POSTGRES, as the Postgres tests use;
/// '.ci/with-postgres' starts one). Skipped without it, except in CI (CI=true), where a missing database fails.
/// </summary>
public sealed class PostgresDemoTests
{
    private const string Variable = "RECOMMENDER_TEST_POSTGRES";

    [Fact]
    public async Task Demo_CreateSample_ThenTrainAndRecommendFromTheDatabase()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true but {Variable} is not set: run the tests through '.ci/with-postgres dotnet test -c Release'.");
            }

            Assert.Skip($"{Variable} is not set: run the tests through '.ci/with-postgres dotnet test -c Release'.");
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] schemas = ["--schema", "console_host_" + suffix, "--sdk-schema", "console_sdk_" + suffix];
        try
        {
            var demo = await ConsoleRun.RunAsync(["--postgres", connectionString, "--create-sample", .. schemas, .. ConsoleRun.Tiny, "--feeds", "1"]);
            Assert.True(demo.ExitCode == 0, demo.Error);
            Assert.Contains("  fill PostgreSQL (COPY): schema console_host_" + suffix, demo.Output, StringComparison.Ordinal);
            Assert.Contains("  read PostgreSQL: 80 users, 300 posts", demo.Output, StringComparison.Ordinal);
            Assert.Contains("on the user's tastes", demo.Output, StringComparison.Ordinal);

            var train = await ConsoleRun.RunAsync(["train", "--postgres", connectionString, .. schemas]);
            Assert.True(train.ExitCode == 0, train.Error);
            Assert.Contains("published to schema console_sdk_" + suffix, train.Output, StringComparison.Ordinal);

            var user = demo.Lines.First(l => l.StartsWith('u') && l.Contains(" engagements, ", StringComparison.Ordinal)).Split(' ')[0].TrimEnd(':');
            var recommend = await ConsoleRun.RunAsync(["recommend", "--postgres", connectionString, .. schemas, "--user", user, "--count", "3"]);
            Assert.True(recommend.ExitCode == 0, recommend.Error);
            Assert.Contains("served by model version", recommend.Output, StringComparison.Ordinal);
        }
        finally
        {
            await using var database = NpgsqlDataSource.Create(connectionString);
            await using var drop = database.CreateCommand($"DROP SCHEMA IF EXISTS console_host_{suffix} CASCADE; DROP SCHEMA IF EXISTS console_sdk_{suffix} CASCADE");
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}
