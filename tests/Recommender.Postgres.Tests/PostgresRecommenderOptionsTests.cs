using Npgsql;

namespace Recommender.Postgres.Tests;

public sealed class PostgresRecommenderOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndUseSchemaRecommender()
    {
        var options = new PostgresRecommenderOptions();
        options.Validate();
        Assert.Equal("recommender", options.Schema);
        Assert.Equal(PostgresRecommenderDefaults.Schema, options.Schema);
    }

    [Theory]
    [InlineData("Recommender")]
    [InlineData("recommender; DROP TABLE users")]
    [InlineData("")]
    public void Validate_InvalidSchema_ThrowsNamingTheOptionAndThePattern(string schema)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgresRecommenderOptions { Schema = schema }.Validate());
        Assert.Contains("Schema", ex.Message);
        Assert.Contains("^[a-z_][a-z0-9_]{0,62}$", ex.Message);
    }

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new PostgresRecommenderOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.PollInterval);
        Assert.True(options.MigrateOnStart);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HealthCheckTimeout);
        Assert.NotNull(options.HostTables);
    }

    [Fact]
    public void EngagementPropagation_DefaultsAreDocumented_InvalidOnesListed_AndCloneCopiesThem()
    {
        var defaults = new PostgresRecommenderOptions();
        Assert.True(defaults.PropagateEngagements);
        Assert.Equal(TimeSpan.FromSeconds(2), defaults.EngagementPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.EngagementLookback);

        var ex = Assert.Throws<ArgumentException>(new PostgresRecommenderOptions { EngagementPollInterval = TimeSpan.FromMilliseconds(99), EngagementLookback = TimeSpan.FromHours(2) }.Validate);
        Assert.Contains("EngagementPollInterval must be at least 100 ms", ex.Message);
        Assert.Contains("EngagementLookback must be between 0 and 1 hour", ex.Message);
        Assert.Throws<ArgumentException>(new PostgresRecommenderOptions { EngagementLookback = TimeSpan.FromSeconds(-1) }.Validate);

        var clone = new PostgresRecommenderOptions { PropagateEngagements = false, EngagementPollInterval = TimeSpan.FromSeconds(3), EngagementLookback = TimeSpan.Zero }.Clone();
        Assert.Equal((false, TimeSpan.FromSeconds(3), TimeSpan.Zero), (clone.PropagateEngagements, clone.EngagementPollInterval, clone.EngagementLookback));
    }

    [Fact]
    public void Validate_EveryInvalidOption_IsListedOnce()
    {
        var options = new PostgresRecommenderOptions
        {
            Schema = "Bad",
            PollInterval = TimeSpan.FromMilliseconds(99),
            HealthCheckTimeout = TimeSpan.Zero,
            HostTables = new PostgresDataSourceOptions { FetchSize = 0 },
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Schema", ex.Message);
        Assert.Contains("PollInterval", ex.Message);
        Assert.Contains("HealthCheckTimeout", ex.Message);
        Assert.Contains("HostTables.FetchSize", ex.Message);
    }

    [Fact]
    public void Stores_InvalidOptions_ThrowBeforeTouchingTheDatabase()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Password=secret-password");
        var bad = new PostgresRecommenderOptions { PollInterval = TimeSpan.Zero };

        Assert.Throws<ArgumentException>(() => new PostgresModelStore(dataSource, bad));
        Assert.Throws<ArgumentException>(() => new PostgresFeatureFlagProvider(dataSource, bad));
        Assert.Throws<ArgumentException>(() => new PostgresSystemConfig(dataSource, new PostgresRecommenderOptions { Schema = "x y" }));
    }

    [Fact]
    public void Migrator_InvalidSchema_ThrowsBeforeTouchingTheDatabase()
    {
        // No server behind this data source: the options must be rejected before any connection is attempted.
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Password=secret-password");
        var ex = Assert.Throws<ArgumentException>(() => new PostgresMigrator(dataSource, new PostgresRecommenderOptions { Schema = "Bad Name" }));
        Assert.Contains("Schema", ex.Message);
        Assert.DoesNotContain("secret-password", ex.Message);
    }
}
