using System.Net;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Endpoints;

/// <summary>No answer says "NaN": a figure that cannot be computed is null or left out.</summary>
public sealed class NoNaNTests(TrainedApiFixture api) : IClassFixture<TrainedApiFixture>
{
    [Theory]
    [InlineData("/api/v1/model/status")]
    [InlineData("/api/v1/model/evaluate")]
    [InlineData("/api/v1/model/evaluate?onDemand=true")]
    [InlineData("/ml/status")]
    [InlineData("/api/v1/features/user/u01")]
    [InlineData("/api/v1/features/interaction/u01/p010")]
    public async Task Answer_HasNoNaNOrInfinity(string path)
    {
        var (status, body, _) = await api.Client.ApiGetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        var json = body!.ToJsonString();
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Finite_MetricThatCouldNotBeComputed_IsLeftOut()
    {
        var metrics = ContractMapping.Finite(new Dictionary<string, double> { ["ndcg@10"] = 0.25, ["active.ndcg@10"] = double.NaN, ["x"] = double.PositiveInfinity });

        Assert.Equal(["ndcg@10"], metrics.Keys);
    }
}
