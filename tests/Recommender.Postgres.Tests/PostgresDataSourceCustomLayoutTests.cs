using Npgsql;
using Recommender.Data;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

/// <summary>The data adapter over host tables that do not follow the default layout: other names, other types, own SELECTs.</summary>
public sealed class PostgresDataSourceCustomLayoutTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CustomTableAndColumnNames_ReadEveryTable()
    {
        // Entity Framework style: PascalCase, quoted; reserved words as column names; bigint ids, varchar kinds,
        // double weights, timestamp without time zone: all read through the casts of the built-in SELECTs.
        var schema = Fixture.NewSchemaName();
        await ExecuteAsync(
            $"""
            CREATE SCHEMA "{schema}";
            SET search_path TO "{schema}";
            CREATE TABLE "Members" ("MemberId" bigint PRIMARY KEY);
            CREATE TABLE "Articles" ("Slug" varchar(40) PRIMARY KEY, "WriterId" bigint, "PublishedAt" timestamptz NOT NULL, "Topics" varchar(20)[], "Body" varchar);
            CREATE TABLE "Reactions" ("MemberId" bigint, "Slug" varchar(40), "Reaction" varchar(16), "At" timestamptz, "Strength" double precision);
            CREATE TABLE "Subscriptions" ("From" bigint, "To" bigint, "Since" timestamptz);
            INSERT INTO "Members" VALUES (1), (2);
            INSERT INTO "Articles" VALUES ('hello-world', 1, '2025-03-01T12:00:00Z', ARRAY['intro'], 'Hi'), ('second', 2, '2025-03-02T12:00:00Z', NULL, NULL);
            INSERT INTO "Reactions" VALUES (1, 'second', 'Like', '2025-03-01T12:00:00Z', 1.5), (2, 'hello-world', 'comment', '2025-03-01T13:00:00Z', NULL);
            INSERT INTO "Subscriptions" VALUES (1, 2, '2025-03-01T12:00:00Z');
            RESET search_path;
            """);
        var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Schema = schema,
            Users = { Table = "Members", IdColumn = "MemberId", CreatedAtColumn = null },
            Posts = { Table = "Articles", IdColumn = "Slug", AuthorIdColumn = "WriterId", CreatedAtColumn = "PublishedAt", TagsColumn = "Topics", TextColumn = "Body" },
            Engagements = { Table = "Reactions", UserIdColumn = "MemberId", PostIdColumn = "Slug", KindColumn = "Reaction", CreatedAtColumn = "At", WeightColumn = "Strength" },
            Follows = { Table = "Subscriptions", FollowerIdColumn = "From", FolloweeIdColumn = "To", CreatedAtColumn = "Since" },
        });

        var users = await source.ReadUsersAsync(Token).ToListAsync();
        var posts = await source.ReadPostsAsync(T0.AddDays(1), Token).ToListAsync();
        var engagements = (await source.ReadEngagementsAsync(null, Token).ToListAsync()).OrderBy(e => e.Timestamp).ToList();
        var later = await source.ReadEngagementsAsync(T0, Token).ToListAsync();
        var follows = await source.ReadFollowsAsync(Token).ToListAsync();
        var found = await source.FindPostsAsync(["hello-world"], Token);

        Assert.Equal(["1", "2"], users.Select(u => u.Id).Order());
        Assert.All(users, u => Assert.Null(u.CreatedAt));
        Assert.Equal(new Post("second", "2", T0.AddDays(1)), Assert.Single(posts) with { Tags = [] });
        Assert.Equal(new Engagement("1", "second", EngagementKind.Like, T0, 1.5f), engagements[0]);
        Assert.Equal(new Engagement("2", "hello-world", EngagementKind.Comment, T0.AddHours(1), null), engagements[1]);
        Assert.Equal("2", Assert.Single(later).UserId);
        Assert.Equal(new Follow("1", "2", T0), Assert.Single(follows));
        var post = Assert.Single(found);
        Assert.Equal(["intro"], post.Tags);
        Assert.Equal("Hi", post.Text);
    }

    [Fact]
    public async Task OptionalColumnsAbsent_ReadAsNulls()
    {
        var schema = Fixture.NewSchemaName();
        await ExecuteAsync(
            $"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}".items (id text, at timestamptz);
            CREATE TABLE "{schema}".events (who text, what text, how text, at timestamptz);
            INSERT INTO "{schema}".items VALUES ('i1', now());
            INSERT INTO "{schema}".events VALUES ('u1', 'i1', 'view', now());
            """);
        var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Schema = schema,
            Posts = { Table = "items", CreatedAtColumn = "at", AuthorIdColumn = null, TagsColumn = null, TextColumn = null },
            Engagements = { Table = "events", UserIdColumn = "who", PostIdColumn = "what", KindColumn = "how", CreatedAtColumn = "at", WeightColumn = null },
        });

        var post = Assert.Single(await source.ReadPostsAsync(null, Token).ToListAsync());
        var engagement = Assert.Single(await source.ReadEngagementsAsync(null, Token).ToListAsync());

        Assert.Null(post.AuthorId);
        Assert.Empty(post.Tags);
        Assert.Null(post.Text);
        Assert.Null(engagement.Weight);
    }

    [Fact]
    public async Task HostSelects_ReadEveryTable_WithWatermarkAndLookupParameters()
    {
        var schema = Fixture.NewSchemaName();
        var s = $"\"{schema}\"";
        await ExecuteAsync(
            $"""
            CREATE SCHEMA {s};
            CREATE TABLE {s}.accounts (id bigint PRIMARY KEY, deleted boolean NOT NULL DEFAULT false);
            CREATE TABLE {s}.articles (id bigint PRIMARY KEY, author bigint, published timestamptz NOT NULL, title text, body text);
            CREATE TABLE {s}.article_tags (article_id bigint, name text);
            CREATE TABLE {s}.likes (account_id bigint, article_id bigint, at timestamptz);
            CREATE TABLE {s}.views (account_id bigint, article_id bigint, at timestamptz, seconds int);
            CREATE TABLE {s}.subs (follower bigint, followee bigint, since timestamptz);
            INSERT INTO {s}.accounts VALUES (1, false), (2, false), (3, true);
            INSERT INTO {s}.articles VALUES (10, 1, '2025-03-01T12:00:00Z', 'A', 'first'), (11, 2, '2025-03-05T12:00:00Z', 'B', 'second');
            INSERT INTO {s}.article_tags VALUES (10, 'x'), (10, 'y');
            INSERT INTO {s}.likes VALUES (1, 11, '2025-03-06T00:00:00Z');
            INSERT INTO {s}.views VALUES (2, 10, '2025-03-01T13:00:00Z', 30), (2, 11, '2025-03-07T00:00:00Z', 5);
            INSERT INTO {s}.subs VALUES (2, 1, '2025-03-01T12:00:00Z');
            """);
        const string PostColumns = "SELECT a.id::text, a.author::text, a.published, ARRAY(SELECT t.name FROM article_tags t WHERE t.article_id = a.id ORDER BY t.name), a.title || ': ' || a.body FROM articles a";
        // The host's SELECTs name no schema: the host's data source sets search_path.
        var builder = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = schema };
        await using var hostDataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var source = new PostgresDataSource(
            hostDataSource,
            new PostgresDataSourceOptions
            {
                Users = { SelectSql = "SELECT id::text, NULL::timestamptz FROM accounts WHERE NOT deleted;" },
                Posts =
                {
                    SelectSql = PostColumns + " WHERE @since IS NULL OR a.published >= @since",
                    FindSql = PostColumns + " WHERE a.id = ANY(@ids::bigint[])",
                },
                Engagements =
                {
                    SelectSql =
                        """
                        SELECT account_id::text, article_id::text, 'like', at, NULL::real FROM likes WHERE @since IS NULL OR at > @since
                        UNION ALL
                        SELECT account_id::text, article_id::text, 'view', at, seconds / 10.0::real FROM views WHERE @since IS NULL OR at > @since
                        """,
                },
                Follows = { SelectSql = "SELECT follower::text, followee::text, since FROM subs" },
            });

        var users = await source.ReadUsersAsync(Token).ToListAsync();
        var allPosts = await source.ReadPostsAsync(null, Token).ToListAsync();
        var newPosts = await source.ReadPostsAsync(T0.AddDays(1), Token).ToListAsync();
        var all = await source.ReadEngagementsAsync(null, Token).ToListAsync();
        var later = (await source.ReadEngagementsAsync(T0.AddDays(4), Token).ToListAsync()).OrderBy(e => e.Timestamp).ToList();
        var follows = await source.ReadFollowsAsync(Token).ToListAsync();
        var found = await source.FindPostsAsync(["10", "99"], Token);

        Assert.Equal(["1", "2"], users.Select(u => u.Id).Order());
        Assert.Equal(2, allPosts.Count);
        Assert.Equal("11", Assert.Single(newPosts).Id);
        Assert.Equal(3, all.Count);
        Assert.Equal(
            [
                new Engagement("1", "11", EngagementKind.Like, T0.AddDays(4).AddHours(12), null),
                new Engagement("2", "11", EngagementKind.View, T0.AddDays(5).AddHours(12), 0.5f),
            ],
            later);
        Assert.Equal(new Follow("2", "1", T0), Assert.Single(follows));
        var post = Assert.Single(found);
        Assert.Equal(["x", "y"], post.Tags);
        Assert.Equal("A: first", post.Text);
    }

    [Fact]
    public async Task HostSelect_WrongColumnCount_ThrowsAClearError()
    {
        var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Engagements = { SelectSql = "SELECT 'u', 'p', 'like' WHERE @since IS NULL OR now() > @since" },
        });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => source.ReadEngagementsAsync(null, Token).ToListAsync());

        Assert.Contains("must return 5 columns", ex.Message);
        Assert.Contains("returned 3", ex.Message);
    }

    [Fact]
    public async Task HostSelect_WrongColumnType_ThrowsAClearError()
    {
        var source = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Engagements = { SelectSql = "SELECT 'u', 'p', 'like', 'yesterday'::text, NULL::real WHERE @since IS NULL OR now() > @since" },
        });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => source.ReadEngagementsAsync(null, Token).ToListAsync());

        Assert.Contains("unexpected type", ex.Message);
        Assert.Contains("created_at timestamptz", ex.Message);
        Assert.IsType<InvalidCastException>(ex.InnerException);
    }
}
