using System.Diagnostics;
using Npgsql;
using Recommender.Postgres.Tests.Infrastructure;

namespace Recommender.Postgres.Tests;

public sealed class PostgresDataSourceCancellationTests(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    [Fact]
    public async Task ReadEngagementsAsync_CancelledBeforeStart_Throws()
    {
        var source = await NewSourceAsync(rows: 10);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.ReadEngagementsAsync(null, cts.Token).ToListAsync());
    }

    [Fact]
    public async Task ReadEngagementsAsync_CancelledMidStream_StopsBeforeTheEnd()
    {
        var source = await NewSourceAsync(rows: 2_000, fetchSize: 10);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ReadEngagementsAsync(null, cts.Token))
            {
                if (++read == 15)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.InRange(read, 15, 30); // at most the rest of the batch in hand
    }

    [Fact]
    public async Task ReadEngagementsAsync_SlowQueryCancelled_ReturnsPromptly_AndThePoolStaysUsable()
    {
        var schema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
        var slow = new PostgresDataSource(DataSource, new PostgresDataSourceOptions
        {
            Engagements = { SelectSql = "SELECT 'u', 'p', 'like', now(), NULL::real FROM pg_sleep(30) WHERE @since IS NULL OR now() > @since" },
        });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.ReadEngagementsAsync(null, cts.Token).ToListAsync());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Cancellation took {watch.Elapsed}.");
        var healthy = new PostgresDataSource(DataSource, new PostgresDataSourceOptions { Schema = schema });
        Assert.Empty(await healthy.ReadEngagementsAsync(null, Token).ToListAsync());
    }

    [Fact]
    public async Task ReadEngagementsAsync_ConsumerStopsEarly_ReturnsTheConnection()
    {
        var schema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
        await ExecuteAsync($"INSERT INTO \"{schema}\".engagements (user_id, post_id, kind) SELECT 'u' || g, 'p', 'view' FROM generate_series(1, 500) g");
        var builder = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { MaxPoolSize = 1, Timeout = 5 };
        await using var onePool = NpgsqlDataSource.Create(builder.ConnectionString);
        var source = new PostgresDataSource(onePool, new PostgresDataSourceOptions { Schema = schema, FetchSize = 50 });

        for (var i = 0; i < 5; i++)
        {
            await foreach (var _ in source.ReadEngagementsAsync(null, Token))
            {
                break;
            }
        }

        Assert.Equal(500, (await source.ReadEngagementsAsync(null, Token).ToListAsync()).Count);
    }

    [Fact]
    public async Task FindPostsAsync_Cancelled_Throws()
    {
        var source = await NewSourceAsync(rows: 1);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.FindPostsAsync(["p1"], cts.Token).AsTask());
    }

    private async Task<PostgresDataSource> NewSourceAsync(int rows, int fetchSize = 1_000)
    {
        var schema = Fixture.NewSchemaName();
        await PostgresSampleSchema.CreateAsync(DataSource, schema, Token);
        await ExecuteAsync($"INSERT INTO \"{schema}\".engagements (user_id, post_id, kind) SELECT 'u' || g, 'p', 'view' FROM generate_series(1, {rows}) g");
        return new PostgresDataSource(DataSource, new PostgresDataSourceOptions { Schema = schema, FetchSize = fetchSize });
    }
}
