using System.Collections.Concurrent;
using Npgsql;

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// One fresh schema per test class (a random name, dropped with everything in it when the class is done), as
/// npgsql's own tests do, so test classes can run in parallel against one database. Tests that need more schemas
/// (a migrator on an empty one, say) take them from <see cref="NewSchemaName"/>; those are dropped too.
/// </summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];
    private NpgsqlDataSource? _dataSource;

    /// <summary>The class's own schema, created empty.</summary>
    public string Schema { get; } = NewName();

    /// <summary>The test database; only valid when a connection string is configured.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException(TestDatabase.MissingMessage);

    /// <summary>A new random schema name, not created, dropped when the class is done.</summary>
    public string NewSchemaName()
    {
        var name = NewName();
        _schemas.Add(name);
        return name;
    }

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.ConnectionString is not { } connectionString)
        {
            return; // Each test skips (or fails in CI) through TestDatabase.Require().
        }

        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schemas.Add(Schema);
        await using var command = _dataSource.CreateCommand($"CREATE SCHEMA \"{Schema}\"");
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is null)
        {
            return;
        }

        foreach (var schema in _schemas)
        {
            await using var command = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    private static string NewName() => "test_" + Guid.NewGuid().ToString("N")[..16];
}
