// <snippet:postgres>
using Npgsql;
using Recommender.Postgres;
// </snippet:postgres>

namespace SnippetsHost;

/// <summary>docs/postgres.md's snippet: a web app on PostgreSQL (its implicit usings cover the extension methods).</summary>
internal static class PostgresSnippet
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        // <snippet:postgres>
        var builder = WebApplication.CreateBuilder(args);
        var dataSource = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("app")!);   // one for the app
        await new PostgresMigrator(dataSource).MigrateAsync();   // first: AddRecommenderPostgres reads system_config at once
        builder.Configuration.AddRecommenderPostgres(dataSource);
        builder.Services.AddRecommender()
            .UsePostgres(dataSource, o =>
            {
                o.Schema = "recommender";          // default (also the migrator's)
                o.MigrateOnStart = true;           // default: apply missing migrations before hosted services start
                o.PollInterval = TimeSpan.FromSeconds(30); // default: re-read while not listening
                o.HostTables.Engagements.Table = "user_events";
            });
        var app = builder.Build();
        app.MapHealthChecks("/health");           // "recommender" (model, training, data source) and "recommender-postgres"
        // </snippet:postgres>
        return app;
    }
}
