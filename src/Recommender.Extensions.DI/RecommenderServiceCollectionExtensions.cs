using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender;
using Recommender.Data;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Recommender in a service collection.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers Recommender: options bound from the configuration section "Recommender" (when the container has an
    /// <see cref="IConfiguration"/>) and validated at start (every invalid option named), <see cref="IRecommender"/>
    /// (a <see cref="RecommenderEngine"/>), the <see cref="ModelRegistry"/> and the <see cref="TrainingPipeline"/> (its own
    /// singleton beside the engine, which receives it), an
    /// in-memory model store and flag provider unless others are registered, a hosted service that loads models, trains
    /// when none exists and retrains on schedule, and the health check "recommender" (tags "recommender", "live", "ready"; see <see cref="RecommenderHealthChecks"/>, and
    /// <see cref="WithoutHealthChecks"/> to register none). Every registration uses TryAdd:
    /// calling this twice is harmless, and services registered before it win. A data source must be registered
    /// (<c>UseInMemoryData</c>, <c>UseDataSource</c>, or <c>UsePostgres</c> from Recommender.Postgres).
    /// <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/> are taken from the container when present.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options after configuration binding; may be null.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IRecommenderBuilder AddRecommender(this IServiceCollection services, Action<RecommenderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(RecommenderMarker)))
        {
            AddServices(services);
        }

        // After the configuration binding (registered by the first call), so that code has the last word.
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new RecommenderBuilder(services);
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<RecommenderMarker>();
        services.AddOptions<RecommenderOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RecommenderOptions>, BindRecommenderOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<RecommenderOptions>, RecommenderOptionsChangeTokenSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecommenderOptions>, ValidateRecommenderOptions>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IModelStore, InMemoryModelStore>();
        services.TryAddSingleton<IFeatureFlagProvider, InMemoryFeatureFlagProvider>();
        services.TryAddSingleton(sp => new ModelRegistry(sp.GetRequiredService<IModelStore>(), sp.GetService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(CreateTraining);
        services.TryAddSingleton<LatestRecommenderOptions>();
        services.TryAddSingleton(CreateEngine);
        services.TryAddSingleton<IRecommender>(sp => sp.GetRequiredService<RecommenderEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecommenderHostedService>());
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            if (!o.Registrations.Any(r => r.Name == RecommenderHostingDefaults.HealthCheckName))
            {
                o.Registrations.Add(new HealthCheckRegistration(
                    RecommenderHostingDefaults.HealthCheckName,
                    sp => ActivatorUtilities.GetServiceOrCreateInstance<RecommenderHealthCheck>(sp),
                    failureStatus: null,
                    tags: [RecommenderHealthChecks.Tag, RecommenderHealthChecks.LiveTag, RecommenderHealthChecks.ReadyTag]));
            }
        });
    }

    /// <summary>
    /// Registers none of Recommender's health checks: every check tagged "recommender" (<see cref="RecommenderHealthChecks.Tag"/>:
    /// "recommender", and "recommender-postgres" from Recommender.Postgres) is removed from the host's health-check
    /// registrations, whether added before or after this call. For a host that reports health its own way.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IRecommenderBuilder WithoutHealthChecks(this IRecommenderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(NoHealthChecksMarker)))
        {
            builder.Services.AddSingleton<NoHealthChecksMarker>();

            // PostConfigure runs after every Configure, so the checks UsePostgres adds later go too.
            builder.Services.PostConfigure<HealthCheckServiceOptions>(o =>
            {
                var ours = o.Registrations.Where(r => r.Tags.Contains(RecommenderHealthChecks.Tag)).ToList();
                foreach (var registration in ours)
                {
                    o.Registrations.Remove(registration);
                }
            });
        }

        return builder;
    }

    /// <summary>Uses an in-memory data source (replacing any registered one).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="source">The data source.</param>
    public static IRecommenderBuilder UseInMemoryData(this IRecommenderBuilder builder, InMemoryDataSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRecommenderDataSource>(source));
        builder.Services.Replace(ServiceDescriptor.Singleton(source));
        return builder;
    }

    /// <summary>Uses a data source created by the container (replacing any registered one).</summary>
    /// <typeparam name="TSource">The data source type.</typeparam>
    /// <param name="builder">The builder.</param>
    public static IRecommenderBuilder UseDataSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this IRecommenderBuilder builder)
        where TSource : class, IRecommenderDataSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRecommenderDataSource, TSource>());
        return builder;
    }

    /// <summary>Uses a data source made by a factory (replacing any registered one).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the data source.</param>
    public static IRecommenderBuilder UseDataSource(this IRecommenderBuilder builder, Func<IServiceProvider, IRecommenderDataSource> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>The training pipeline, beside the engine: each run reads the options current then.</summary>
    private static TrainingPipeline CreateTraining(IServiceProvider services)
    {
        var monitor = services.GetRequiredService<IOptionsMonitor<RecommenderOptions>>();
        return new TrainingPipeline(
            () => monitor.CurrentValue,
            DataSource(services),
            services.GetRequiredService<ModelRegistry>(),
            services.GetService<ILoggerFactory>(),
            services.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// The engine, following <see cref="IOptionsMonitor{TOptions}"/>: each request reads the options the monitor last
    /// delivered (a field read); a reload whose values are invalid is never delivered, so the previous ones stay. It
    /// shares engagements through the registered <see cref="IEngagementPropagation"/>, if any.
    /// </summary>
    private static RecommenderEngine CreateEngine(IServiceProvider services)
    {
        var engine = new RecommenderEngine(
            services.GetRequiredService<LatestRecommenderOptions>().Get,
            DataSource(services),
            services.GetRequiredService<ModelRegistry>(),
            services.GetRequiredService<TrainingPipeline>(),
            services.GetRequiredService<IFeatureFlagProvider>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetService<ILoggerFactory>(),
            services.GetService<IMeterFactory>());
        if (services.GetService<IEngagementPropagation>() is { } propagation)
        {
            engine.UseEngagementPropagation(propagation);
        }

        return engine;
    }

    private static IRecommenderDataSource DataSource(IServiceProvider services) =>
        services.GetService<IRecommenderDataSource>()
            ?? throw new InvalidOperationException(
                "Recommender has no data source. Register one: services.AddRecommender().UseInMemoryData(source), .UseDataSource<T>(), or .UsePostgres(...) from Recommender.Postgres.");

    /// <summary>Marks that WithoutHealthChecks ran.</summary>
    private sealed class NoHealthChecksMarker;

    /// <summary>Marks that AddRecommender ran (a second call only adds its configure action).</summary>
    private sealed class RecommenderMarker;
}
