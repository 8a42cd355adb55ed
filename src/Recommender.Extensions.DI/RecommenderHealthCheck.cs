using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Recommender;
using Recommender.Data;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The health check "recommender" (<see cref="RecommenderHealthChecks.Name"/>, tags "recommender", "live", "ready"):
/// it reports whether Recommender answers and from what, not how training is going.
/// <list type="bullet">
/// <item>Unhealthy (the registration's failure status) only when Recommender cannot answer at all: the engine cannot
/// be built (no data source registered, invalid options...) or cannot report its state.</item>
/// <item>Degraded when it answers, but the heuristic fallback answers some or all requests for a known reason: no model
/// serves yet, the <c>mlRecommendations</c> flag is off for everyone, the data source does not answer its probe within
/// 2 seconds (requests that need it fall back); or when the model serves but is older than
/// <see cref="TrainingOptions.MaxModelAge"/>, the last training failed, the last activated version could not be
/// loaded, or the flag provider fails (the configured flag defaults apply).</item>
/// <item>Healthy otherwise: the model serves.</item>
/// </list>
/// The probe looks up one post id that does not exist (<see cref="IRecommenderDataSource.FindPostsAsync"/>): for
/// PostgreSQL one indexed query, which also checks the posts table's shape; a source that ignores cancellation still
/// counts as unreachable after the timeout. Data: "serving" ("model" or "fallback"), "fallbackReason" ("no_model",
/// "flag"), "activeVersions", "modelVersion", "modelAgeSeconds", "maxModelAgeSeconds", "mlRolloutPercentage",
/// "lastTrainingOutcome", "lastTrainingFinishedAt", "lastTrainingError", "trainingInProgress", "lastLoadError",
/// "dataSource" ("ok", "timeout" or "error").
/// </summary>
internal sealed class RecommenderHealthCheck(IServiceProvider services, IOptionsMonitor<RecommenderOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>The post id the probe looks up; no host has it.</summary>
    internal const string ProbePostId = "__recommender_health_probe__";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        RecommenderEngine engine;
        IRecommenderDataSource dataSource;
        IFeatureFlagProvider flags;
        RecommenderStatus status;
        try
        {
            engine = services.GetRequiredService<RecommenderEngine>();
            dataSource = services.GetRequiredService<IRecommenderDataSource>();
            flags = services.GetRequiredService<IFeatureFlagProvider>();
            status = engine.GetStatus();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"Recommender cannot answer: {ex.GetType().Name}: {ex.Message}",
                ex,
                new Dictionary<string, object>(StringComparer.Ordinal) { ["serving"] = "none" });
        }

        var maxAge = MaxModelAge(engine);
        var probe = await ProbeAsync(dataSource, cancellationToken).ConfigureAwait(false);
        var flag = await MlFlagAsync(flags, engine, cancellationToken).ConfigureAwait(false);
        var data = Data(status, maxAge, probe.Status);
        data["mlRolloutPercentage"] = flag.Percentage;

        var problems = new List<string>();
        string? fallbackReason = null;
        if (status.ModelAge is not { } age)
        {
            fallbackReason = "no_model";
            var training = status.TrainingInProgress is not null ? " A training is in progress." : string.Empty;
            problems.Add($"No model serves yet: answers come from the heuristic fallback.{training}");
        }
        else
        {
            if (flag.Percentage == 0)
            {
                fallbackReason = "flag";
                problems.Add($"The {FeatureFlagNames.MlRecommendations} flag is off: the heuristic fallback answers everyone.");
            }

            if (age > maxAge)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"The model is {age.TotalHours:F1} h old, over Training:MaxModelAge ({maxAge.TotalHours:F1} h)."));
            }
        }

        if (flag.Error is { } flagError)
        {
            problems.Add($"The feature flag provider fails ({flagError}); the configured flag defaults apply.");
        }

        if (probe.Status != "ok")
        {
            problems.Add($"The data source is unreachable ({probe.Description}): requests that need it get the heuristic fallback.");
        }

        if (status.LastTraining is { Outcome: TrainingOutcome.Failed } failed)
        {
            problems.Add($"The last training failed: {failed.Error}");
        }

        if (status.LastLoadError is { } loadError)
        {
            problems.Add(loadError);
        }

        data["serving"] = fallbackReason is null ? "model" : "fallback";
        if (fallbackReason is not null)
        {
            data["fallbackReason"] = fallbackReason;
        }

        var version = Version(status);
        if (problems.Count > 0)
        {
            var serves = fallbackReason is null ? $"Model {version} serves, but: " : "Recommender answers, degraded: ";
            return HealthCheckResult.Degraded(serves + string.Join(" ", problems), probe.Exception, data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Model {version} serves ({status.ModelAge!.Value.TotalHours:F1} h old); the data source answers."), data);
    }

    private async Task<(string Status, string Description, Exception? Exception)> ProbeAsync(IRecommenderDataSource dataSource, CancellationToken cancellationToken)
    {
        var timeout = RecommenderHostingDefaults.DataSourceProbeTimeout;
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        var lookup = Task.Run(async () => await dataSource.FindPostsAsync([ProbePostId], linked.Token).ConfigureAwait(false), CancellationToken.None);
        try
        {
            await lookup.WaitAsync(linked.Token).ConfigureAwait(false);
            return ("ok", "answers", null);
        }
        catch (OperationCanceledException ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Observe(lookup);
            return ("timeout", string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:F1} s"), ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ("error", $"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The mlRecommendations flag as requests see it: the provider's, else the configured default; 0 when it is off
    /// for everyone. A provider that throws counts as undefined, as it does for requests.
    /// </summary>
    private async Task<(int Percentage, string? Error)> MlFlagAsync(IFeatureFlagProvider flags, RecommenderEngine engine, CancellationToken cancellationToken)
    {
        FeatureFlag? flag;
        string? error = null;
        try
        {
            flag = await flags.GetFlagAsync(FeatureFlagNames.MlRecommendations, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            flag = null;
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (flag is null)
        {
            return (Serving(engine).DefaultFlags.GetValueOrDefault(FeatureFlagNames.MlRecommendations, 100), error);
        }

        return (flag.Enabled ? Math.Clamp(flag.RolloutPercentage, 0, 100) : 0, error);
    }

    /// <summary>A probe left running after the timeout may fail later; observe it so that nothing goes unobserved.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private TimeSpan MaxModelAge(RecommenderEngine engine)
    {
        try
        {
            return options.CurrentValue.Training.MaxModelAge;
        }
        catch (OptionsValidationException)
        {
            return engine.Options.Training.MaxModelAge;
        }
    }

    private ServingOptions Serving(RecommenderEngine engine)
    {
        try
        {
            return options.CurrentValue.Serving;
        }
        catch (OptionsValidationException)
        {
            return engine.Options.Serving;
        }
    }

    private static string Version(RecommenderStatus status) =>
        status.ActiveVersions.TryGetValue(ModelVariants.Default, out var version) ? version : "(none)";

    private static Dictionary<string, object> Data(RecommenderStatus status, TimeSpan maxAge, string dataSourceStatus)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["activeVersions"] = string.Join(", ", status.ActiveVersions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")),
            ["maxModelAgeSeconds"] = maxAge.TotalSeconds,
            ["trainingInProgress"] = status.TrainingInProgress is not null,
            ["dataSource"] = dataSourceStatus,
        };
        if (status.ActiveVersions.TryGetValue(ModelVariants.Default, out var version))
        {
            data["modelVersion"] = version;
        }

        if (status.ModelAge is { } age)
        {
            data["modelAgeSeconds"] = age.TotalSeconds;
        }

        if (status.LastTraining is { } last)
        {
            data["lastTrainingOutcome"] = last.Outcome.ToString();
            data["lastTrainingFinishedAt"] = last.FinishedAt.ToString("O", CultureInfo.InvariantCulture);
            if (last.Error is { } error)
            {
                data["lastTrainingError"] = error;
            }
        }

        if (status.LastLoadError is { } loadError)
        {
            data["lastLoadError"] = loadError;
        }

        return data;
    }
}
