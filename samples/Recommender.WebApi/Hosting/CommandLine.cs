namespace Recommender.WebApi.Hosting;

/// <summary>
/// The sample's own switches, taken out before ASP.NET Core sees the rest (<c>--urls</c>, <c>--environment</c>,
/// <c>--Key=value</c> configuration overrides...): <c>--postgres CONNECTION</c>, <c>--seed-sample</c>, <c>--help</c>.
/// They become configuration: <c>ConnectionStrings:Recommender</c> and <c>WebApi:SeedSample</c>.
/// </summary>
internal sealed record CommandLine(IReadOnlyList<string> HostArgs, IReadOnlyDictionary<string, string?> Settings, bool Help, string? Error)
{
    public const string Usage = """
        Recommender.WebApi: the Recommender SDK behind a JSON API (OpenAPI document at /openapi/v1.json).

        Usage: dotnet run --project samples/Recommender.WebApi -- [options] [ASP.NET Core options]

          (no option)            serve a generated social feed held in memory (WebApi:SampleFeed sets its size)
          --postgres CONNECTION  keep models, flags and runs in PostgreSQL and read the host tables there
                                 (an Npgsql connection string: "Host=localhost;Username=...;Password=...;Database=...")
          --seed-sample          with --postgres: create the sample host tables when missing and fill them with the
                                 generated feed when they are empty
          --urls URLS            where to listen, e.g. http://localhost:5080
          --help                 this text

        Any configuration key can be set too, e.g. --Recommender:Training:Schedule="" or --WebApi:MaxCandidates=500.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var help = false;
        string? error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
            }
            else if (arg == "--seed-sample")
            {
                settings[$"{WebApiOptions.SectionName}:{nameof(WebApiOptions.SeedSample)}"] = "true";
            }
            else if (arg == "--postgres" || arg.StartsWith("--postgres=", StringComparison.Ordinal))
            {
                var value = arg.Length > "--postgres".Length ? arg["--postgres=".Length..] : i + 1 < args.Count ? args[++i] : null;
                if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
                {
                    error = "--postgres needs a connection string, e.g. --postgres \"Host=localhost;Username=app;Password=...;Database=app\".";
                }
                else
                {
                    settings[$"ConnectionStrings:{WebApiDefaults.ConnectionStringName}"] = value;
                }
            }
            else
            {
                rest.Add(arg);
            }
        }

        return new CommandLine(rest, settings, help, error);
    }
}
