using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// Helpers for tests of the stores that several instances share: a freshly migrated schema per test, killing a
/// backend, waiting for a condition, and a database that is down.
/// </summary>
public abstract class SharedSchemaTestBase(PostgresSchemaFixture fixture) : PostgresTestBase(fixture)
{
    /// <summary>The password of <see cref="DownDataSource"/>: must never appear in a message.</summary>
    protected const string DownPassword = "secret-password-123";

    /// <summary>Options for a new schema with the SDK's migrations applied.</summary>
    protected async Task<PostgresRecommenderOptions> MigratedOptionsAsync(TimeSpan? pollInterval = null)
    {
        var options = new PostgresRecommenderOptions { Schema = Fixture.NewSchemaName() };
        if (pollInterval is { } poll)
        {
            options.PollInterval = poll;
        }

        await new PostgresMigrator(DataSource, options).MigrateAsync(Token);
        return options;
    }

    /// <summary>Terminates a server process (as an administrator killing a connection would).</summary>
    protected async Task TerminateAsync(int processId)
    {
        await using var command = DataSource.CreateCommand("SELECT pg_terminate_backend(@pid)");
        command.Parameters.AddWithValue("pid", processId);
        Assert.Equal(true, await command.ExecuteScalarAsync(Token));
    }

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"Timed out after {timeout.TotalSeconds:F0} s waiting for: {what}.");
            await Task.Delay(25, Token);
        }
    }

    protected static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
        => WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>A data source whose server is down: a port on 127.0.0.1 that nothing listens on.</summary>
    protected static NpgsqlDataSource DownDataSource()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=nobody;Password={DownPassword};Database=none;Timeout=5");
    }

    /// <summary>Host tables' rows for two-instance tests: 3 groups of 10 users, each engaging with some of its group's 20 posts during the last two weeks.</summary>
    protected Task SeedGroupsAsync(string schema) => ExecuteAsync(
        $"""
        INSERT INTO "{schema}".users (id, created_at)
          SELECT 'u' || g || '-' || u, now() - interval '60 days' FROM generate_series(0, 2) g, generate_series(0, 9) u;
        INSERT INTO "{schema}".posts (id, author_id, created_at, tags, text)
          SELECT 'p' || g || '-' || p, 'author' || g || '-' || (p % 3), now() - interval '30 days' + p * interval '12 hours',
                 ARRAY['topic' || g, 'sub' || g || '-' || (p % 4)], 'post ' || p || ' about topic ' || g
          FROM generate_series(0, 2) g, generate_series(0, 19) p;
        INSERT INTO "{schema}".engagements (user_id, post_id, kind, created_at)
          SELECT 'u' || g || '-' || u, 'p' || g || '-' || p, (ARRAY['view', 'like', 'comment', 'share'])[1 + (u + p) % 4],
                 now() - ((u * 20 + p) * interval '17 minutes') - interval '1 hour'
          FROM generate_series(0, 2) g, generate_series(0, 9) u, generate_series(0, 19) p
          WHERE (u * 7 + p * 3) % 5 < 2;
        """);
}
