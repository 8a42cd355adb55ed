using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Recommender.Data;
using Recommender.Postgres;
using Recommender.Postgres.DependencyInjection;
using Recommender.Postgres.Propagation;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps Recommender's state in PostgreSQL: <c>services.AddRecommender().UsePostgres(...)</c>.</summary>
public static class PostgresRecommenderBuilderExtensions
{
    /// <summary>
    /// Uses PostgreSQL through a data source created from <paramref name="connectionString"/> (with the container's
    /// logger factory; disposed with the container). See <see cref="UsePostgres(IRecommenderBuilder, NpgsqlDataSource, Action{PostgresRecommenderOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRecommender</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Sets the options (schema, poll interval, migrate on start, host tables...).</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder UsePostgres(this IRecommenderBuilder builder, string connectionString, Action<PostgresRecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Register(builder, configure, sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            if (sp.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                dataSource.UseLoggerFactory(loggerFactory);
            }

            return (dataSource.Build(), true);
        });
    }

    /// <summary>
    /// Uses PostgreSQL: replaces the in-memory model store and feature flags with <see cref="PostgresModelStore"/> and
    /// <see cref="PostgresFeatureFlagProvider"/>, registers <see cref="PostgresDataSource"/> as
    /// <see cref="IRecommenderDataSource"/> unless the host registered its own first, registers
    /// <see cref="PostgresSystemConfig"/>, the sharing of engagements between instances
    /// (<see cref="PostgresRecommenderOptions.PropagateEngagements"/>), a start-up migration (<see cref="PostgresRecommenderOptions.MigrateOnStart"/>)
    /// and the health check <c>recommender-postgres</c>. Options are validated when the host starts. Calling it again
    /// replaces the data source and applies the new options on top of the earlier ones; nothing is registered twice.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRecommender</c>.</param>
    /// <param name="dataSource">The database; owned by the caller (not disposed by the container).</param>
    /// <param name="configure">Sets the options (schema, poll interval, migrate on start, host tables...).</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder UsePostgres(this IRecommenderBuilder builder, NpgsqlDataSource dataSource, Action<PostgresRecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, configure, _ => (dataSource, false));
    }

    /// <summary>
    /// Uses PostgreSQL through the <see cref="NpgsqlDataSource"/> the container already has (registered by the host,
    /// by Npgsql's <c>AddNpgsqlDataSource</c>, or by .NET Aspire's <c>builder.AddNpgsqlDataSource("name")</c>), so that
    /// Recommender shares the host's connection pool. The data source belongs to the container: Recommender never
    /// disposes it. Resolving Recommender's services without one registered throws an
    /// <see cref="InvalidOperationException"/> naming what to register. See
    /// <see cref="UsePostgres(IRecommenderBuilder, NpgsqlDataSource, Action{PostgresRecommenderOptions}?)"/> for what is registered.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRecommender</c>.</param>
    /// <param name="configure">Sets the options (schema, poll interval, migrate on start, host tables...).</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder UsePostgres(this IRecommenderBuilder builder, Action<PostgresRecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, configure, sp => (
            sp.GetService<NpgsqlDataSource>()
                ?? throw new InvalidOperationException(
                    "UsePostgres() takes the container's NpgsqlDataSource and none is registered: register one (services.AddNpgsqlDataSource(connectionString), or Aspire's builder.AddNpgsqlDataSource(\"name\")), or pass a connection string or a data source to UsePostgres."),
            false));
    }

    /// <summary>
    /// Uses PostgreSQL through the data source <paramref name="dataSourceFactory"/> returns, called once, when
    /// Recommender's services are first resolved (e.g. <c>sp =&gt; sp.GetRequiredService&lt;MyDatabase&gt;().DataSource</c>).
    /// Recommender never disposes it: the factory should hand out a data source the container or the host owns.
    /// See <see cref="UsePostgres(IRecommenderBuilder, NpgsqlDataSource, Action{PostgresRecommenderOptions}?)"/> for what is registered.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRecommender</c>.</param>
    /// <param name="dataSourceFactory">Returns the data source; must not return null.</param>
    /// <param name="configure">Sets the options (schema, poll interval, migrate on start, host tables...).</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder UsePostgres(this IRecommenderBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSourceFactory, Action<PostgresRecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSourceFactory);
        return Register(builder, configure, sp => (
            dataSourceFactory(sp) ?? throw new InvalidOperationException("The data source factory given to UsePostgres returned null."),
            false));
    }

    /// <summary>
    /// Uses PostgreSQL through the keyed <see cref="NpgsqlDataSource"/> registered under <paramref name="serviceKey"/>
    /// (by Npgsql's <c>AddKeyedNpgsqlDataSource</c>, or by .NET Aspire's <c>builder.AddKeyedNpgsqlDataSource("name")</c>,
    /// whose key is the connection name). Named apart from <c>UsePostgres</c> because a string key would otherwise be
    /// taken for a connection string. The data source belongs to the container: Recommender never disposes it.
    /// See <see cref="UsePostgres(IRecommenderBuilder, NpgsqlDataSource, Action{PostgresRecommenderOptions}?)"/> for what is registered.
    /// </summary>
    /// <param name="builder">The builder from <c>AddRecommender</c>.</param>
    /// <param name="serviceKey">The service key of the data source.</param>
    /// <param name="configure">Sets the options (schema, poll interval, migrate on start, host tables...).</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder UseKeyedPostgres(this IRecommenderBuilder builder, object serviceKey, Action<PostgresRecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Register(builder, configure, sp => (
            sp.GetKeyedService<NpgsqlDataSource>(serviceKey)
                ?? throw new InvalidOperationException(
                    $"UseKeyedPostgres takes the NpgsqlDataSource registered under the key '{serviceKey}' and none is: register it (services.AddKeyedNpgsqlDataSource(key, connectionString), or Aspire's builder.AddKeyedNpgsqlDataSource(key))."),
            false));
    }

    private static IRecommenderBuilder Register(IRecommenderBuilder builder, Action<PostgresRecommenderOptions>? configure, Func<IServiceProvider, (NpgsqlDataSource DataSource, bool Owned)> createDataSource)
    {
        var services = builder.Services;
        var options = services.AddOptions<PostgresRecommenderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresRecommenderOptions>, PostgresRecommenderOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(PostgresRecommenderDatabase)))
        {
            options.ValidateOnStart();
        }

        services.RemoveAll<PostgresRecommenderDatabase>();
        services.AddSingleton(sp =>
        {
            var validated = sp.GetRequiredService<IOptions<PostgresRecommenderOptions>>().Value.Clone();
            var (dataSource, owned) = createDataSource(sp);
            return new PostgresRecommenderDatabase(dataSource, owned, validated);
        });

        services.RemoveAll<PostgresModelStore>();
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<PostgresRecommenderDatabase>();
            return new PostgresModelStore(database.DataSource, database.Options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<PostgresModelStore>>());
        });
        services.RemoveAll<IModelStore>();
        services.AddSingleton<IModelStore>(sp => sp.GetRequiredService<PostgresModelStore>());

        services.RemoveAll<PostgresFeatureFlagProvider>();
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<PostgresRecommenderDatabase>();
            return new PostgresFeatureFlagProvider(database.DataSource, database.Options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<PostgresFeatureFlagProvider>>());
        });
        services.RemoveAll<IFeatureFlagProvider>();
        services.AddSingleton<IFeatureFlagProvider>(sp => sp.GetRequiredService<PostgresFeatureFlagProvider>());

        services.RemoveAll<PostgresSystemConfig>();
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<PostgresRecommenderDatabase>();
            return new PostgresSystemConfig(database.DataSource, database.Options, sp.GetService<TimeProvider>());
        });

        services.RemoveAll<PostgresEngagementPropagation>();
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<PostgresRecommenderDatabase>();
            return new PostgresEngagementPropagation(database.DataSource, database.Options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<PostgresEngagementPropagation>>(), enabled: database.Options.PropagateEngagements);
        });
        services.RemoveAll<IEngagementPropagation>();
        services.AddSingleton<IEngagementPropagation>(sp => sp.GetRequiredService<PostgresEngagementPropagation>());

        services.TryAddSingleton<IRecommenderDataSource>(sp =>
        {
            var database = sp.GetRequiredService<PostgresRecommenderDatabase>();
            return new PostgresDataSource(database.DataSource, database.Options.HostTables, sp.GetService<ILogger<PostgresDataSource>>());
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresMigrationHostedService>());

        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            if (!o.Registrations.Any(r => r.Name == PostgresRecommenderDefaults.HealthCheckName))
            {
                o.Registrations.Add(new HealthCheckRegistration(
                    PostgresRecommenderDefaults.HealthCheckName,
                    sp => ActivatorUtilities.GetServiceOrCreateInstance<PostgresHealthCheck>(sp),
                    failureStatus: null,
                    tags: ["recommender", "database"]));
            }
        });

        return builder;
    }
}
