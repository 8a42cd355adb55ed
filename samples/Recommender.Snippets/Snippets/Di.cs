// <snippet:di>
using Recommender.Serving;
// </snippet:di>

namespace SnippetsHost;

/// <summary>The README's "with dependency injection": a web app.</summary>
internal static class DiSnippet
{
    public static WebApplication Build(string[] args, Recommender.Data.InMemoryDataSource source)
    {
        // <snippet:di>
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRecommender(o =>
            {
                o.Collaborative.Factors = 50;                    // NMF factors (default 50)
                o.Weighting.HalfLife = TimeSpan.FromDays(7);     // engagement decay (default 7 days)
                o.Serving.CacheDuration = TimeSpan.FromMinutes(30);
                o.Training.Schedule = "0 2 * * *";              // retrain daily at 02:00 (default)
            })
            .UseInMemoryData(source);   // or .UsePostgres(...) from Recommender.Postgres (docs/postgres.md)

        var app = builder.Build();
        app.MapPost("/feed/{userId}", async (string userId, string[] candidates, IRecommender recommender, CancellationToken ct) =>
            (await recommender.RankAsync(userId, candidates, cancellationToken: ct)).Items);
        app.MapHealthChecks("/health");   // "recommender" (+ "recommender-postgres")
        // </snippet:di>
        return app;
    }
}
