using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Recommender;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Tells <see cref="IOptionsMonitor{TOptions}"/> of <see cref="RecommenderOptions"/> when the configuration reloads
/// (a changed appsettings file, PostgreSQL's system_config...), so that the schedule and the next training use the new
/// values. Without a configuration in the container nothing ever changes.
/// </summary>
internal sealed class RecommenderOptionsChangeTokenSource(IServiceProvider services) : IOptionsChangeTokenSource<RecommenderOptions>
{
    private static readonly CancellationChangeToken Never = new(CancellationToken.None);

    public string Name => Options.Options.DefaultName;

    public IChangeToken GetChangeToken() =>
        services.GetService(typeof(IConfiguration)) is IConfiguration configuration
            ? configuration.GetSection(RecommenderOptions.SectionName).GetReloadToken()
            : Never;
}
