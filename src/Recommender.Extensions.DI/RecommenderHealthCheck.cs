using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Recommender;
using Recommender.Data;
using Recommender.Serving;
using Recommender.Training;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The health check "recommender" (<see cref="RecommenderHostingDefaults.HealthCheckName"/>).
/// <list type="bullet">
/// <item>Unhealthy (the registration's failure status) when no model serves the default variant (answers come from the
/// heuristic) or the data source does not answer its probe within <see cref="RecommenderHostingDefaults.DataSourceProbeTimeout"/>.</item>
/// <item>Degraded when a model serves but is older than <see cref="TrainingOptions.MaxModelAge"/>, the last training
/// failed, or the last activated version could not be loaded (the previous one serves).</item>
/// <item>Healthy otherwise.</item>
/// </list>
/// The probe looks up one post id that does not exist (<see cref="IRecommenderDataSource.FindPostsAsync"/>): for
/// PostgreSQL one indexed query, which also checks the posts table's shape; a source that ignores cancellation still
/// counts as unreachable after the timeout. Data: "activeVersions", "modelVersion", "modelAgeSeconds",
/// "maxModelAgeSeconds", "lastTrainingOutcome", "lastTrainingFinishedAt", "lastTrainingError", "trainingInProgress",
/// "lastLoadError", "dataSource" ("ok", "timeout" or "error").
/// </summary>
internal sealed class RecommenderHealthCheck(
    RecommenderEngine engine,
    IRecommenderDataSource dataSource,
    IOptionsMonitor<RecommenderOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>The post id the probe looks up; no host has it.</summary>
    internal const string ProbePostId = "__recommender_health_probe__";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = engine.GetStatus();
        var maxAge = MaxModelAge();
        var probe = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var data = Data(status, maxAge, probe.Status);

        if (probe.Status != "ok")
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The data source is unreachable: {probe.Description}", probe.Exception, data);
        }

        if (status.ModelAge is not { } age)
        {
            var training = status.TrainingInProgress is not null ? " A training is in progress." : string.Empty;
            return new HealthCheckResult(context.Registration.FailureStatus, $"No model serves: answers come from the heuristic fallback.{training}", data: data);
        }

        var problems = new List<string>();
        if (age > maxAge)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The model is {age.TotalHours:F1} h old, over Training:MaxModelAge ({maxAge.TotalHours:F1} h)."));
        }

        if (status.LastTraining is { Outcome: TrainingOutcome.Failed } failed)
        {
            problems.Add($"The last training failed: {failed.Error}");
        }

        if (status.LastLoadError is { } loadError)
        {
            problems.Add(loadError);
        }

        var version = Version(status);
        if (problems.Count > 0)
        {
            return HealthCheckResult.Degraded($"Model {version} serves, but: {string.Join(" ", problems)}", data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Model {version} serves ({age.TotalHours:F1} h old); the data source answers."), data);
    }

    private async Task<(string Status, string Description, Exception? Exception)> ProbeAsync(CancellationToken cancellationToken)
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
            return ("timeout", string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:F1} s."), ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ("error", $"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>A probe left running after the timeout may fail later; observe it so that nothing goes unobserved.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private TimeSpan MaxModelAge()
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
