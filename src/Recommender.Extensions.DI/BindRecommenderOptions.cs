using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Recommender;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Binds <see cref="RecommenderOptions"/> from the "Recommender" section when the container has a configuration.</summary>
internal sealed class BindRecommenderOptions(IServiceProvider services) : IConfigureOptions<RecommenderOptions>
{
    public void Configure(RecommenderOptions options)
    {
        if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
        {
            configuration.GetSection(RecommenderOptions.SectionName).Bind(options);
        }
    }
}
