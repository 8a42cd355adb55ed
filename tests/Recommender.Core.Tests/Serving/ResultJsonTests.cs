using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Serving;

namespace Recommender.Core.Tests.Serving;

/// <summary>
/// A host that returns results as JSON (an ASP.NET Core endpoint, reflection or source-generated) gets the enums as
/// their names, not as numbers that only the SDK's source explains.
/// </summary>
public sealed class ResultJsonTests
{
    private static readonly RecommendationResult Result = new()
    {
        UserId = "u1",
        Items = [new RankedPost("p1", 0.5f, RecommendationSource.ColdStart, ["new"])],
        Source = RecommendationSource.Fallback,
        FallbackReason = FallbackReason.NoModel,
    };

    [Fact]
    public void Serialize_WebDefaults_WritesEnumsAsNames()
    {
        var json = JsonSerializer.Serialize(Result, JsonSerializerOptions.Web);

        Assert.Contains("\"source\":\"Fallback\"", json, StringComparison.Ordinal);
        Assert.Contains("\"fallbackReason\":\"NoModel\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"ColdStart\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_SourceGeneratedContext_WritesEnumsAsNames()
    {
        var json = JsonSerializer.Serialize(Result, ResultJsonContext.Default.RecommendationResult);

        Assert.Contains("\"Source\":\"Fallback\"", json, StringComparison.Ordinal);
        Assert.Contains("\"FallbackReason\":\"NoModel\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Engagement_RoundTrips_KindAsName()
    {
        var engagement = new Engagement("u1", "p1", EngagementKind.Bookmark, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var json = JsonSerializer.Serialize(engagement, JsonSerializerOptions.Web);

        Assert.Contains("\"kind\":\"Bookmark\"", json, StringComparison.Ordinal);
        Assert.Equal(engagement, JsonSerializer.Deserialize<Engagement>(json, JsonSerializerOptions.Web));
    }

    [Theory]
    [InlineData("\"Timeout\"", FallbackReason.Timeout)]
    [InlineData("4", FallbackReason.Timeout)]
    [InlineData("\"timeout\"", FallbackReason.Timeout)]
    public void Deserialize_NameOrNumber_ReadsTheReason(string json, FallbackReason expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize<FallbackReason>(json));
    }

    [Fact]
    public void Deserialize_UnknownName_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecommendationSource>("\"Magic\""));
    }
}

[JsonSerializable(typeof(RecommendationResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
