using System.CommandLine;
using System.CommandLine.Help;

namespace Recommender.WebApi.Hosting;

/// <summary>
/// The sample's own switches, parsed by System.CommandLine (as the console's are) and taken out before ASP.NET Core
/// sees the rest (<c>--urls</c>, <c>--environment</c>, <c>--Key=value</c> configuration overrides...: the parser
/// leaves tokens it does not know unmatched instead of refusing them): <c>--postgres CONNECTION</c>,
/// <c>--seed-sample</c>, <c>--help</c>. They become configuration: <c>ConnectionStrings:Recommender</c> and
/// <c>WebApi:SeedSample</c>.
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

    private const string PostgresNeedsAValue =
        "--postgres needs a connection string, e.g. --postgres \"Host=localhost;Username=app;Password=...;Database=app\".";

    /// <summary>
    /// No response files: an argument that starts with '@' (in a connection string or a configuration value) is a
    /// value, not a file to read arguments from.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "keep models, flags and runs in PostgreSQL and read the host tables there",
            HelpName = "CONNECTION",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                var value = r.Tokens.Count == 0 ? null : r.Tokens[0].Value;
                if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
                {
                    r.AddError(PostgresNeedsAValue);
                    return null;
                }

                return value;
            },
        };
        var seedSample = new Option<bool>("--seed-sample")
        {
            Description = "with --postgres: create and fill the sample host tables",
            Arity = ArgumentArity.Zero,
        };
        var root = new RootCommand("Recommender.WebApi") { TreatUnmatchedTokensAsErrors = false };
        // Only the sample's switches and --help: --version and the [diagram] directives go to the host as they did.
        foreach (var version in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(version);
        }

        root.Directives.Clear();
        root.Options.Add(postgres);
        root.Options.Add(seedSample);

        var parsed = root.Parse([.. args], Parsing);
        var help = parsed.GetResult(root.Options.OfType<HelpOption>().Single()) is not null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parsed.Errors.Count > 0)
        {
            var error = string.Join(" ", parsed.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal));
            return new CommandLine([.. parsed.UnmatchedTokens], settings, help, error);
        }

        if (parsed.GetValue(seedSample))
        {
            settings[$"{WebApiOptions.SectionName}:{nameof(WebApiOptions.SeedSample)}"] = "true";
        }

        if (parsed.GetValue(postgres) is { } connectionString)
        {
            settings[$"ConnectionStrings:{WebApiDefaults.ConnectionStringName}"] = connectionString;
        }

        return new CommandLine([.. parsed.UnmatchedTokens], settings, help, null);
    }
}
