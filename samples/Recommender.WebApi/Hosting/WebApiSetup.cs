using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Recommender.Data;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Endpoints;
using Recommender.WebApi.Evaluation;
using Recommender.WebApi.Training;
using Recommender.WebApi.Validation;

namespace Recommender.WebApi.Hosting;

/// <summary>Wires the SDK and the API into a <see cref="WebApplication"/>.</summary>
internal static class WebApiSetup
{
    /// <summary>
    /// Services: the SDK (<c>AddRecommender</c>, options from "Recommender") over PostgreSQL when the connection string
    /// "Recommender" is set (<c>--postgres</c>), else over a generated feed in memory; the run tracker; JSON (source
    /// generated, camel case); problem details; health checks; OpenAPI.
    /// </summary>
    public static WebApplicationBuilder AddRecommenderWebApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebApiOptions>().BindConfiguration(WebApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebApiOptions>, ValidateWebApiOptions>();

        var recommender = services.AddRecommender();
        var connectionString = builder.Configuration.GetConnectionString(WebApiDefaults.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var section = builder.Configuration.GetSection(RecommenderOptions.SectionName + ":Postgres");
            recommender.UsePostgres(connectionString, section.Bind);
            services.AddSingleton<EngagementWriter>();
        }
        else
        {
            recommender.UseDataSource(CreateSampleSource);
        }

        services.AddSingleton<TrainingRunTracker>();
        services.AddSingleton<OnDemandEvaluator>();
        services.AddHealthChecks();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebApiJsonContext.Default);
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow; // "count: 3" misspelt is a 400, not 20 ids
        });
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<HealthDocumentTransformer>();
            o.AddSchemaTransformer<RequestSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>The middleware and every endpoint.</summary>
    public static WebApplication MapRecommenderWebApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapTrainingEndpoints();
        app.MapInferenceEndpoints();
        app.MapFeatureEndpoints();
        app.MapEngagementEndpoints();
        app.MapOperationsEndpoints();
        app.MapMlEndpoints();
        return app;
    }

    /// <summary><c>--seed-sample</c>: fills the PostgreSQL sample tables before the host (and the SDK's start-up training) starts.</summary>
    public static async Task SeedSampleIfAskedAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<WebApiOptions>>().Value;
        if (!options.SeedSample)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebApiSetup).FullName!);
        var connectionString = app.Configuration.GetConnectionString(WebApiDefaults.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Log.SeedWithoutPostgres(logger);
            return;
        }

        var hostSchema = app.Configuration[RecommenderOptions.SectionName + ":Postgres:HostTables:Schema"];
        var time = app.Services.GetRequiredService<TimeProvider>();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var written = await PostgresSampleSeeder.SeedAsync(dataSource, string.IsNullOrWhiteSpace(hostSchema) ? null : hostSchema, () => SampleFeedFactory.Generate(options.SampleFeed, time), cancellationToken);
        if (written > 0)
        {
            Log.SampleSeeded(logger, written);
        }
        else
        {
            Log.SampleAlreadySeeded(logger);
        }
    }

    private static InMemoryDataSource CreateSampleSource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WebApiOptions>>().Value;
        var feed = SampleFeedFactory.Generate(options.SampleFeed, services.GetRequiredService<TimeProvider>());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebApiSetup).FullName!);
        Log.SampleFeedGenerated(logger, feed.Users.Count, feed.Posts.Count, feed.Engagements.Count, feed.Follows.Count, feed.Posts[0].CreatedAt);
        return SampleFeedFactory.CreateSource(feed);
    }
}
