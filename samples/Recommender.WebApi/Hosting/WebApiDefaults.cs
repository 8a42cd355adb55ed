namespace Recommender.WebApi.Hosting;

/// <summary>The documented defaults of <see cref="WebApiOptions"/>.</summary>
public static class WebApiDefaults
{
    /// <summary>At most 1,000 candidates per rank request.</summary>
    public const int MaxCandidates = 1_000;

    /// <summary>At most 100 posts per recommendation.</summary>
    public const int MaxCount = 100;

    /// <summary>20 posts when the request does not say.</summary>
    public const int DefaultCount = 20;

    /// <summary>The last 50 training runs started through the API are remembered.</summary>
    public const int RunHistory = 50;

    /// <summary>The connection string name that <c>--postgres</c> sets: <c>ConnectionStrings:Recommender</c>.</summary>
    public const string ConnectionStringName = "Recommender";

    /// <summary>At most 1,000 engagements per POST /api/v1/engagements.</summary>
    public const int MaxEngagements = 1_000;
}
