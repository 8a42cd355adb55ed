using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Recommender.WebApi.Hosting;
using Recommender.WebApi.Tests.Infrastructure;

namespace Recommender.WebApi.Tests.Hosting;

/// <summary>A host started with a database it cannot use says so in one line and exits non-zero, instead of crashing.</summary>
public sealed class PostgresPreflightTests
{
    [Fact]
    public async Task Host_UnreachablePostgres_OneLineOnStderr_Exit1()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Recommender.WebApi.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--postgres", $"Host=127.0.0.1;Port={ClosedPort()};Username=u;Password=hunter2;Database=d" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stderr = await error;
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --postgres (ConnectionStrings:Recommender): could not connect to PostgreSQL (Failed to connect to 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr + await output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a connection string", "not a valid Npgsql connection string (Format of the initialization string")]
    [InlineData("Database=app;Password=hunter2", "the connection string names no Host")]
    public async Task Check_InvalidConnectionString_SaysSoWithAnExample_Exit2(string connectionString, string expected)
    {
        var problem = await PostgresPreflight.CheckAsync(connectionString, TestContext.Current.CancellationToken);

        Assert.NotNull(problem);
        Assert.Equal(2, problem.Value.ExitCode);
        Assert.Contains(expected, problem.Value.Message, StringComparison.Ordinal);
        Assert.Contains("give one like \"Host=localhost;", problem.Value.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ServerThatAnswers_IsNoProblem()
    {
        TestDatabase.Require();

        Assert.Null(await PostgresPreflight.CheckAsync(TestDatabase.ConnectionString!, TestContext.Current.CancellationToken));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
