using Npgsql;
using Recommender.Postgres;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds Recommender's <c>system_config</c> table to a configuration builder.</summary>
public static class PostgresConfigurationExtensions
{
    /// <summary>Adds the <c>system_config</c> table of <paramref name="schema"/> as a configuration source that
    /// reloads on change (see <see cref="PostgresConfigurationSource"/>).</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="dataSource">The database; not disposed by the provider.</param>
    /// <param name="schema">The SDK's schema. Default <c>recommender</c>.</param>
    /// <param name="configure">Further settings (reload, polling, optional).</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddRecommenderPostgres(this IConfigurationBuilder builder, NpgsqlDataSource dataSource, string schema = PostgresRecommenderDefaults.Schema, Action<PostgresConfigurationSource>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var source = new PostgresConfigurationSource { DataSource = dataSource, Schema = schema };
        configure?.Invoke(source);
        return builder.Add(source);
    }

    /// <summary>Adds the <c>system_config</c> table of <paramref name="schema"/> as a configuration source that
    /// reloads on change (see <see cref="PostgresConfigurationSource"/>).</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="connectionString">An Npgsql connection string; the provider creates and disposes its own data source.</param>
    /// <param name="schema">The SDK's schema. Default <c>recommender</c>.</param>
    /// <param name="configure">Further settings (reload, polling, optional).</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddRecommenderPostgres(this IConfigurationBuilder builder, string connectionString, string schema = PostgresRecommenderDefaults.Schema, Action<PostgresConfigurationSource>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var source = new PostgresConfigurationSource { ConnectionString = connectionString, Schema = schema };
        configure?.Invoke(source);
        return builder.Add(source);
    }
}
