using System.Text.Json;
using Npgsql;
using Recommender.Postgres.Registry;

namespace Recommender.Postgres;

/// <summary>
/// Reads and changes the <c>system_config</c> table that <c>AddRecommenderPostgres</c> turns into configuration.
/// A change reaches every instance's configuration within moments (the table's trigger sends <c>NOTIFY</c>).
/// </summary>
public sealed class PostgresSystemConfig
{
    private readonly SystemConfigStore _store;
    private readonly string _schema;

    /// <summary>Creates the accessor.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema; null for the defaults.</param>
    /// <param name="timeProvider">Clock for <c>updated_at</c>; null for the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgresSystemConfig(NpgsqlDataSource dataSource, PostgresRecommenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresRecommenderOptions();
        options.Validate();
        _schema = options.Schema;
        _store = new SystemConfigStore(dataSource, options, timeProvider);
    }

    /// <summary>Sets a value: a configuration path (<c>Recommender:Ranking:FreshnessWeight</c>) to any JSON value
    /// (an object sets every property below the path), e.g. <c>JsonSerializer.SerializeToElement(0.3)</c>.</summary>
    /// <param name="key">The configuration path.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public Task SetAsync(string key, JsonElement value, CancellationToken cancellationToken = default)
        => SetJsonAsync(key, value.GetRawText(), cancellationToken);

    /// <summary>Sets a value given as JSON text (<c>"0.3"</c>, <c>"\"text\""</c>, <c>"{\"A\": 1}"</c>).</summary>
    /// <param name="key">The configuration path.</param>
    /// <param name="json">The value as JSON.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentException">The key is empty or the text is not JSON.</exception>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task SetJsonAsync(string key, string json, CancellationToken cancellationToken = default)
    {
        try
        {
            await _store.SetAsync(key, json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"set configuration key '{key}'", _schema, ex);
        }
    }

    /// <summary>Removes a value.</summary>
    /// <param name="key">The configuration path, as stored.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>False when there was no such key.</returns>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable($"remove configuration key '{key}'", _schema, ex);
        }
    }

    /// <summary>Every stored key with its value as JSON text.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="PostgresUnavailableException">The database cannot be reached.</exception>
    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var rows = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Key, r => r.ValueJson, StringComparer.Ordinal);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            throw DbErrors.Unavailable("read configuration", _schema, ex);
        }
    }
}
