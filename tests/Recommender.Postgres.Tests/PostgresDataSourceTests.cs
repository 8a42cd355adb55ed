using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Recommender.Data;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

/// <summary>The data adapter over the default layout (<see cref="PostgresSampleSchema"/>), one fresh schema per test.</summary>
public sealed class PostgresDataSourceTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadUsersAsync_ReturnsEveryUserWithCreationTime()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync($"INSERT INTO {s}.users (id, created_at) VALUES ('u1', '2025-01-01T00:00:00Z'), ('u2', '2025-02-01T10:30:00Z')");

        var users = (await source.ReadUsersAsync(Token).ToListAsync()).OrderBy(u => u.Id).ToList();

        Assert.Equal(["u1", "u2"], users.Select(u => u.Id));
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 10, 30, 0, TimeSpan.Zero), users[1].CreatedAt);
        Assert.Equal(2, source.Statistics.UsersRead);
    }

    [Fact]
    public async Task ReadPostsAsync_ReturnsEveryField_NullsAsDocumented()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.posts (id, author_id, created_at, tags, text) VALUES
              ('p1', 'u1', '2025-03-01T12:00:00Z', ARRAY['dotnet', 'ml'], 'Hello'),
              ('p2', NULL, '2025-03-02T12:00:00Z', ARRAY[]::text[], NULL),
              ('p3', 'u2', '2025-03-03T12:00:00Z', ARRAY['a', NULL, 'b'], '')
            """);

        var posts = (await source.ReadPostsAsync(cancellationToken: Token).ToListAsync()).ToDictionary(p => p.Id);

        Assert.Equal(3, posts.Count);
        Assert.Equal("u1", posts["p1"].AuthorId);
        Assert.Equal(T0, posts["p1"].CreatedAt);
        Assert.Equal(["dotnet", "ml"], posts["p1"].Tags);
        Assert.Equal("Hello", posts["p1"].Text);
        Assert.Null(posts["p2"].AuthorId);
        Assert.Empty(posts["p2"].Tags);
        Assert.Null(posts["p2"].Text);
        Assert.Equal(["a", "b"], posts["p3"].Tags); // NULL array elements are dropped
        Assert.Equal(string.Empty, posts["p3"].Text);
    }

    [Fact]
    public async Task ReadPostsAsync_CreatedSince_ReturnsPostsAtOrAfterIt()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync(
            $"INSERT INTO {s}.posts (id, created_at) VALUES ('old', '2025-03-01T11:59:59Z'), ('edge', '2025-03-01T12:00:00Z'), ('new', '2025-03-02T00:00:00Z')");

        var posts = await source.ReadPostsAsync(T0, Token).ToListAsync();

        Assert.Equal(["edge", "new"], posts.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task ReadEngagementsAsync_ReturnsEveryEngagement_KindsCaseInsensitive()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.engagements (user_id, post_id, kind, created_at, weight) VALUES
              ('u1', 'p1', 'like', '2025-03-01T12:00:00Z', NULL),
              ('u1', 'p2', 'SHARE', '2025-03-01T12:00:01Z', 0.5),
              ('u2', 'p1', 'Hide', '2025-03-01T12:00:02Z', 2)
            """);

        var engagements = (await source.ReadEngagementsAsync(cancellationToken: Token).ToListAsync()).OrderBy(e => e.Timestamp).ToList();

        Assert.Equal(
            [
                new Engagement("u1", "p1", EngagementKind.Like, T0, null),
                new Engagement("u1", "p2", EngagementKind.Share, T0.AddSeconds(1), 0.5f),
                new Engagement("u2", "p1", EngagementKind.Hide, T0.AddSeconds(2), 2f),
            ],
            engagements);
        Assert.Equal(3, source.Statistics.EngagementsRead);
    }

    [Fact]
    public async Task ReadEngagementsAsync_FromWatermark_ReturnsOnlyLaterEngagements()
    {
        var (source, s) = await NewLayoutAsync();
        await InsertEngagementsAsync(s, 10, T0);

        // The watermark is exclusive, and its offset does not matter: the same instant in UTC+02:00.
        var watermark = T0.AddMinutes(4).ToOffset(TimeSpan.FromHours(2));
        var later = await source.ReadEngagementsAsync(watermark, Token).ToListAsync();

        Assert.Equal(5, later.Count);
        Assert.All(later, e => Assert.True(e.Timestamp > watermark));
        Assert.Empty(await source.ReadEngagementsAsync(T0.AddMinutes(9), Token).ToListAsync());
    }

    [Fact]
    public async Task ReadEngagementsAsync_IncrementalReads_SeeOnlyWhatWasAddedSinceTheLastWatermark()
    {
        var (source, s) = await NewLayoutAsync();
        await InsertEngagementsAsync(s, 3, T0);
        var first = await source.ReadEngagementsAsync(null, Token).ToListAsync();
        var watermark = first.Max(e => e.Timestamp);

        await InsertEngagementsAsync(s, 2, T0.AddHours(1), userPrefix: "late");
        var second = await source.ReadEngagementsAsync(watermark, Token).ToListAsync();

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.All(second, e => Assert.StartsWith("late", e.UserId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(26)]
    [InlineData(10_000)]
    public async Task ReadEngagementsAsync_AnyFetchSize_StreamsEveryRowOnce(int fetchSize)
    {
        var (source, s) = await NewLayoutAsync(o => o.FetchSize = fetchSize);
        await InsertEngagementsAsync(s, 50, T0);

        var engagements = await source.ReadEngagementsAsync(null, Token).ToListAsync();

        Assert.Equal(50, engagements.Count);
        Assert.Equal(50, engagements.Select(e => e.UserId).Distinct().Count());
    }

    [Fact]
    public async Task ReadEngagementsAsync_UnknownKinds_AreSkippedCountedAndLoggedOnce()
    {
        var logger = new FakeLogger<PostgresDataSource>();
        var (source, s) = await NewLayoutAsync(logger: logger);
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.engagements (user_id, post_id, kind, created_at) VALUES
              ('u1', 'p1', 'like', now()), ('u1', 'p2', 'upvote', now()), ('u2', 'p2', 'upvote', now()),
              ('u3', 'p3', 'superlike', now()), ('u3', 'p4', 'view', now())
            """);

        var engagements = await source.ReadEngagementsAsync(null, Token).ToListAsync();

        Assert.Equal(2, engagements.Count);
        Assert.Equal(3, source.Statistics.SkippedUnknownKind);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 6021);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("3", warning.Message);
        Assert.Contains("'upvote'", warning.Message);
        Assert.Contains("'superlike'", warning.Message);
    }

    [Fact]
    public async Task ReadEngagementsAsync_KindNames_MapTheHostsOwnWords()
    {
        var (source, s) = await NewLayoutAsync(o => o.KindNames["upvote"] = EngagementKind.Like);
        await ExecuteAsync($"INSERT INTO {s}.engagements (user_id, post_id, kind, created_at) VALUES ('u1', 'p1', 'UpVote', now())");

        var engagement = Assert.Single(await source.ReadEngagementsAsync(null, Token).ToListAsync());

        Assert.Equal(EngagementKind.Like, engagement.Kind);
        Assert.Equal(0, source.Statistics.SkippedUnknownKind);
    }

    [Fact]
    public async Task ReadEngagementsAsync_RowsWithNulls_AreSkippedAndCounted()
    {
        var logger = new FakeLogger<PostgresDataSource>();
        var (source, s) = await NewLayoutAsync(logger: logger);
        await ExecuteAsync($"ALTER TABLE {s}.engagements ALTER COLUMN user_id DROP NOT NULL, ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN created_at DROP NOT NULL");
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.engagements (user_id, post_id, kind, created_at) VALUES
              ('u1', 'p1', 'like', now()), (NULL, 'p1', 'like', now()), ('u2', 'p1', NULL, now()), ('u3', 'p1', 'like', NULL)
            """);

        var engagements = await source.ReadEngagementsAsync(null, Token).ToListAsync();

        Assert.Equal("u1", Assert.Single(engagements).UserId);
        Assert.Equal(3, source.Statistics.SkippedMissingValue);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 6022);
    }

    [Fact]
    public async Task ReadEngagementsAsync_IntoInteractionMatrix_BuildsTheMatrix()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync(
            $"""
            INSERT INTO {s}.engagements (user_id, post_id, kind, created_at) VALUES
              ('u1', 'p1', 'like', now()), ('u1', 'p2', 'view', now()), ('u2', 'p1', 'hide', now()), ('u2', 'p3', 'nonsense', now())
            """);

        var matrix = await InteractionMatrix.LoadAsync(source, cancellationToken: Token);

        Assert.Equal(2, matrix.Users.Count);
        Assert.Equal(2, matrix.NonZeroCount);
        Assert.Equal(1, matrix.Report.NegativePairs);
        Assert.Equal(3, matrix.Report.Accepted);
    }

    [Fact]
    public async Task ReadFollowsAsync_ReturnsEveryFollow()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync($"INSERT INTO {s}.follows (follower_id, followee_id, created_at) VALUES ('u1', 'u2', '2025-03-01T12:00:00Z'), ('u2', 'u1', now())");

        var follows = (await source.ReadFollowsAsync(Token).ToListAsync()).OrderBy(f => f.FollowerId).ToList();

        Assert.Equal(new Follow("u1", "u2", T0), follows[0]);
        Assert.Equal(2, follows.Count);
    }

    [Fact]
    public async Task ReadFollowsAsync_NoFollowsTable_ReturnsNothing()
    {
        var (source, s) = await NewLayoutAsync(o => o.Follows.Table = null);
        await ExecuteAsync($"DROP TABLE {s}.follows"); // proves nothing is queried

        Assert.Empty(await source.ReadFollowsAsync(Token).ToListAsync());
    }

    [Fact]
    public async Task FindPostsAsync_ReturnsKnownIdsOnly_IgnoringNullsAndRepeats()
    {
        var (source, s) = await NewLayoutAsync();
        await ExecuteAsync($"INSERT INTO {s}.posts (id, author_id, tags) VALUES ('p1', 'u1', ARRAY['x']), ('p2', 'u2', ARRAY[]::text[]), ('p3', NULL, ARRAY[]::text[])");

        var found = await source.FindPostsAsync(["p3", "p1", "missing", null!, "p1"], Token);

        Assert.Equal(["p1", "p3"], found.Select(p => p.Id).Order());
        Assert.Equal(["x"], found.Single(p => p.Id == "p1").Tags);
    }

    [Fact]
    public async Task FindPostsAsync_NoIds_ReturnsEmptyWithoutAQuery()
    {
        // A data source that cannot connect: an empty lookup must not need the database.
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=1");
        var source = new PostgresDataSource(unreachable);

        Assert.Empty(await source.FindPostsAsync([], Token));
    }

    [Fact]
    public async Task ReadEngagementsAsync_SchemaCanHoldAnyIdentifierCase_QuotedExactly()
    {
        var schema = "Mixed_" + Fixture.NewSchemaName();
        try
        {
            await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
            await ExecuteAsync($"INSERT INTO \"{schema}\".engagements (user_id, post_id, kind) VALUES ('u', 'p', 'click')");
            var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions { Schema = schema });

            Assert.Single(await source.ReadEngagementsAsync(null, Token).ToListAsync());
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    [Fact]
    public async Task Constructor_CopiesOptions_LaterChangesHaveNoEffect()
    {
        var options = new PostgresDataSourceOptions();
        var (source, s) = await NewLayoutAsync(o => options = o);
        await ExecuteAsync($"INSERT INTO {s}.engagements (user_id, post_id, kind) VALUES ('u', 'p', 'click')");
        options.Engagements.Table = "does_not_exist";
        options.KindNames.Clear();

        Assert.Single(await source.ReadEngagementsAsync(null, Token).ToListAsync());
    }

    [Fact]
    public async Task Reads_RunInReadOnlyTransactions_SoAHostSelectCannotWrite()
    {
        var (_, s) = await NewLayoutAsync();
        await ExecuteAsync($"CREATE SEQUENCE {s}.counter");
        var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Users = { SelectSql = $"SELECT 'u' || nextval('{s}.counter'), now()" },
        });

        var ex = await Assert.ThrowsAsync<PostgresException>(() => source.ReadUsersAsync(Token).ToListAsync());

        Assert.Equal("25006", ex.SqlState); // read_only_sql_transaction
    }

    private async Task<(PostgresDataSource Source, string QuotedSchema)> NewLayoutAsync(
        Action<PostgresDataSourceOptions>? configure = null, ILogger<PostgresDataSource>? logger = null)
    {
        var schema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
        var options = new PostgresDataSourceOptions { Schema = schema };
        configure?.Invoke(options);
        return (new PostgresDataSource(DataSource, options, logger), $"\"{schema}\"");
    }

    private async Task InsertEngagementsAsync(string quotedSchema, int count, DateTimeOffset start, string userPrefix = "u")
    {
        await using var command = DataSource.CreateCommand(
            $"INSERT INTO {quotedSchema}.engagements (user_id, post_id, kind, created_at) " +
            "SELECT @prefix || g, 'p' || (g % 7), 'view', @start + g * interval '1 minute' FROM generate_series(0, @count - 1) AS g");
        command.Parameters.AddWithValue("prefix", userPrefix);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync(Token);
    }
}
