using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Data;
using Recommender.SampleData;
using Recommender.Serving;
using Recommender.WebApi.Hosting;

namespace Recommender.WebApi.Tests.Infrastructure;

/// <summary>
/// The web host on a test server with a small generated feed (60 users, 240 posts, 7 days: training takes well under
/// a second), no training at start and no schedule (tests train through the API), the quality gate off (so a small
/// feed's model is activated), a generous time budget (answers come from the model, not a timeout fallback, even on
/// a loaded machine), and WebApi:MaxCandidates 50 (so the size limit is cheap to exceed).
/// </summary>
public sealed class WebApiFactory(IRecommenderDataSource? source = null, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const int MaxCandidates = 50;
    public const int MaxCount = 30;

    public static readonly SocialFeedOptions Feed = new() { Users = 60, Posts = 240, Days = 7, EngagementsPerUser = 25, Seed = 11 };

    /// <summary>A small feed like the one the host generates, for tests that control the data source.</summary>
    public static ControllableDataSource CreateControllableSource() =>
        new(SampleFeedFactory.CreateSource(SampleFeedFactory.Generate(Feed, TimeProvider.System)));

    public RecommenderEngine Engine => Services.GetRequiredService<RecommenderEngine>();

    /// <summary>A client, after the engine loaded its models and warmed its heuristic (what the SDK's hosted service does at start).</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await Engine.InitializeAsync(TestContext.Current.CancellationToken);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Recommender:Training:TrainOnStartWhenNoModel"] = "false",
            ["Recommender:Training:Schedule"] = string.Empty,
            ["Recommender:Training:MinRelativeToHeuristic"] = "0",
            ["Recommender:Training:MinRelativeToActive"] = "0",
            ["Recommender:Serving:TimeBudget"] = "00:00:30",
            ["WebApi:MaxCandidates"] = MaxCandidates.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:MaxCount"] = MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:DefaultCount"] = "10",
            ["WebApi:SampleFeed:Users"] = Feed.Users.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:SampleFeed:Posts"] = Feed.Posts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:SampleFeed:Days"] = Feed.Days.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:SampleFeed:EngagementsPerUser"] = Feed.EngagementsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WebApi:SampleFeed:Seed"] = Feed.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        if (source is not null)
        {
            builder.ConfigureTestServices(services => services.AddRecommender().UseDataSource(_ => source));
        }
    }
}
