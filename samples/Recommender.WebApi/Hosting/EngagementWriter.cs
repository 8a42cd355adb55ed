using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Recommender.Data;
using Recommender.Postgres;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// With <c>--postgres</c>: writes engagements into the host's engagement table (the layout of
/// <c>Recommender:Postgres:HostTables</c>), one INSERT per request, through its own pool (the host's writes, as an
/// application would do them). Every instance's SDK finds them there by polling, so none is missed. A table read
/// through a custom <c>SelectSql</c> is not written (its layout is unknown).
/// </summary>
internal sealed class EngagementWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _insert;
    private readonly Dictionary<EngagementKind, string> _kindNames = [];

    public EngagementWriter(IConfiguration configuration, IOptions<PostgresRecommenderOptions> options)
    {
        _dataSource = NpgsqlDataSource.Create(configuration.GetConnectionString(WebApiDefaults.ConnectionStringName)!);
        var tables = options.Value.HostTables;
        foreach (var kind in Enum.GetValues<EngagementKind>())
        {
            // The name the data source reads back as this kind: the lower-case name unless the host mapped others.
            var lower = kind.ToString().ToLowerInvariant();
            _kindNames[kind] = tables.KindNames.TryGetValue(lower, out var mapped) && mapped == kind
                ? lower
                : tables.KindNames.FirstOrDefault(p => p.Value == kind).Key ?? lower;
        }

        var e = tables.Engagements;
        if (e.SelectSql is null)
        {
            var table = tables.Schema is { } schema ? $"{Quote(schema)}.{Quote(e.Table)}" : Quote(e.Table);
            _insert = $"INSERT INTO {table} ({Quote(e.UserIdColumn)}, {Quote(e.PostIdColumn)}, {Quote(e.KindColumn)}, {Quote(e.CreatedAtColumn)}) "
                + "SELECT * FROM unnest(@users, @posts, @kinds, @times)";
        }
    }

    /// <summary>False when the table cannot be written (a custom SelectSql).</summary>
    public bool CanWrite => _insert is not null;

    /// <summary>Writes the engagements in one statement; false when <see cref="CanWrite"/> is false.</summary>
    public async Task<bool> WriteAsync(IReadOnlyList<Engagement> engagements, CancellationToken cancellationToken)
    {
        if (_insert is null)
        {
            return false;
        }

        await using var command = _dataSource.CreateCommand(_insert);
        command.Parameters.AddWithValue("users", NpgsqlDbType.Array | NpgsqlDbType.Text, engagements.Select(e => e.UserId).ToArray());
        command.Parameters.AddWithValue("posts", NpgsqlDbType.Array | NpgsqlDbType.Text, engagements.Select(e => e.PostId).ToArray());
        command.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, engagements.Select(e => _kindNames.GetValueOrDefault(e.Kind, e.Kind.ToString().ToLowerInvariant())).ToArray());
        command.Parameters.AddWithValue("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, engagements.Select(e => e.Timestamp.UtcDateTime).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
