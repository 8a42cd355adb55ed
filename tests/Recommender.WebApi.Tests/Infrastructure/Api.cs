using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Recommender.WebApi.Tests.Infrastructure;

/// <summary>Calls the API with raw JSON and reads raw JSON back, so that tests check the wire format itself.</summary>
public static class Api
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ApiGetAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Token);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ApiPostAsync(this HttpClient client, string path, string? json = null, string mediaType = "application/json")
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, mediaType);
        var response = await client.PostAsync(path, content, Token);
        return (response.StatusCode, await ReadAsync(response), response);
    }

    /// <summary>Starts a training run and waits until it ended; returns the run as the status endpoint shows it.</summary>
    public static async Task<JsonNode> TrainAsync(this HttpClient client, string path = "/api/v1/train")
    {
        var (status, body, _) = await client.ApiPostAsync(path);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return await client.WaitForRunAsync(body!["statusUrl"]!.GetValue<string>());
    }

    /// <summary>Polls a run's status URL until the run is no longer running (60 s at most).</summary>
    public static async Task<JsonNode> WaitForRunAsync(this HttpClient client, string statusUrl)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body, _) = await client.ApiGetAsync(statusUrl);
            Assert.Equal(HttpStatusCode.OK, status);
            var run = body!["run"]!;
            if (run["status"]!.GetValue<string>() != "running")
            {
                return run;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The training run did not end within 60 s: {run.ToJsonString()}");
            await Task.Delay(25, Token);
        }
    }

    public static string? String(this JsonNode? node, string name) => node?[name]?.GetValue<string>();

    public static bool IsProblemJson(this HttpResponseMessage response) =>
        response.Content.Headers.ContentType is MediaTypeHeaderValue { MediaType: "application/problem+json" };

    /// <summary>The messages of a validation problem for one field; fails when the field is not named.</summary>
    public static IReadOnlyList<string> ErrorsFor(this JsonNode? problem, string field)
    {
        var errors = problem?["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"No error for '{field}' in: {problem?.ToJsonString()}");
        return [.. errors![field]!.AsArray().Select(m => m!.GetValue<string>())];
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Token);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
