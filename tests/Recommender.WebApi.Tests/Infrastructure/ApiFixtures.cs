using System.Text.Json.Nodes;

namespace Recommender.WebApi.Tests.Infrastructure;

/// <summary>A host with no model yet: answers come from the fallback. Shared by read-only tests of a class.</summary>
public sealed class UntrainedApiFixture : IAsyncLifetime
{
    public WebApiFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Client = await Factory.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

/// <summary>A host that trained once through the API; <see cref="Run"/> is that run as the status endpoint showed it.</summary>
public sealed class TrainedApiFixture : IAsyncLifetime
{
    public WebApiFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public JsonNode Run { get; private set; } = null!;

    public string ModelVersion => Run.String("modelVersion")!;

    public async ValueTask InitializeAsync()
    {
        Client = await Factory.StartAsync();
        Run = await Client.TrainAsync();
        Assert.Equal("activated", Run.String("status"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
