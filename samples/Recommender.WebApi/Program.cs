using Recommender.WebApi.Hosting;

// Recommender.WebApi [--postgres CONNECTION [--seed-sample]] [ASP.NET Core options]; see --help.
var commandLine = CommandLine.Parse(args);
if (commandLine.Help)
{
    Console.Out.Write(CommandLine.Usage);
    return 0;
}

if (commandLine.Error is not null)
{
    Console.Error.WriteLine(commandLine.Error);
    return 2;
}

var builder = WebApplication.CreateBuilder([.. commandLine.HostArgs]);
builder.Configuration.AddInMemoryCollection(commandLine.Settings);

// A database that is unreachable or a connection string that is wrong: one line and a non-zero exit, not a crash.
if (builder.Configuration.GetConnectionString(WebApiDefaults.ConnectionStringName) is { Length: > 0 } connectionString
    && await PostgresPreflight.CheckAsync(connectionString, CancellationToken.None) is { } problem)
{
    Console.Error.WriteLine($"error: {problem.Message}");
    return problem.ExitCode;
}

builder.AddRecommenderWebApi();

var app = builder.Build();
app.MapRecommenderWebApi();
await app.SeedSampleIfAskedAsync();
await app.RunAsync();
return 0;
