using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Serving;
using Recommender.Training;

namespace Recommender.ConsoleSample.Cli;

/// <summary>
/// Recommender wired as a host wires it: <c>services.AddRecommender(...)</c> plus a data source, built into a
/// service provider, the engine taken from it. The console decides when to train (no hosted scheduler runs).
/// Options may also come from environment variables, as in any .NET host: <c>Recommender__Training__HeartbeatInterval=00:00:05</c>
/// sets <c>Recommender:Training:HeartbeatInterval</c>; what the command line sets wins.
/// </summary>
public sealed class RecommenderHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RecommenderHost(ServiceProvider services)
    {
        _services = services;
        Engine = services.GetRequiredService<RecommenderEngine>();
    }

    /// <summary>The engine (also registered as <see cref="IRecommender"/>).</summary>
    public RecommenderEngine Engine { get; }

    /// <summary>The NMF objective after each iteration of the last training, by stage ("collaborative" is the final model).</summary>
    public Dictionary<string, List<double>> Losses { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the provider and initialises the engine (loads the active model, if any, and warms the heuristic).</summary>
    /// <param name="clock">"Now" for training and serving.</param>
    /// <param name="configure">Sets the options (on top of the console's: no schedule, no training on start, a generous time budget).</param>
    /// <param name="useData">Registers the data source (<c>UseInMemoryData</c> or <c>UsePostgres</c>).</param>
    /// <param name="mlOff">True for the same host with the <c>mlRecommendations</c> flag off: the heuristic serves every feed.</param>
    /// <param name="cancellationToken">Stops initialisation.</param>
    public static async Task<RecommenderHost> StartAsync(TimeProvider clock, Action<RecommenderOptions> configure, Action<IRecommenderBuilder> useData, bool mlOff, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<IConfiguration>(EnvironmentConfiguration());
        var builder = services.AddRecommender(o =>
        {
            o.Training.Schedule = string.Empty; // the console trains when it decides to
            o.Training.TrainOnStartWhenNoModel = false;
            o.Serving.TimeBudget = TimeSpan.FromSeconds(10); // a console has no latency target, and its first request pays for JIT
            configure(o);
        });
        useData(builder);
        if (mlOff)
        {
            services.Replace(ServiceDescriptor.Singleton<IFeatureFlagProvider>(new InMemoryFeatureFlagProvider(new FeatureFlag(FeatureFlagNames.MlRecommendations, false))));
        }

        var host = new RecommenderHost(services.BuildServiceProvider());
        try
        {
            await host.Engine.InitializeAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Trains, evaluates against the heuristic and activates (quality gate) through the engine's pipeline, reporting progress.</summary>
    public async Task<TrainingRunResult> TrainAsync(ProgressStep step, CancellationToken cancellationToken)
    {
        Losses.Clear();
        void OnProgress(object? sender, TrainingProgress p)
        {
            if (p.Iteration > 0 && double.IsFinite(p.Loss))
            {
                if (!Losses.TryGetValue(p.Stage, out var list))
                {
                    Losses[p.Stage] = list = [];
                }

                list.Add(p.Loss);
            }

            step.Report(p.Fraction, p.Iteration > 0 ? $"{p.Stage}, iteration {p.Iteration}" : p.Stage);
        }

        Engine.Training.ProgressChanged += OnProgress;
        try
        {
            return await Engine.Training.TrainAsync(cancellationToken);
        }
        finally
        {
            Engine.Training.ProgressChanged -= OnProgress;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The <c>Recommender__*</c> environment variables as configuration (<c>__</c> separates sections).</summary>
    private static IConfigurationRoot EnvironmentConfiguration()
    {
        const string Prefix = RecommenderOptions.SectionName + "__";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                values[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = variable.Value as string;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
