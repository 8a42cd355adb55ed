using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;
using Recommender.WebApi.Training;

namespace Recommender.WebApi.Contracts;

/// <summary>SDK results to API contracts (enums in camel case; a figure that could not be computed is null or left out, never NaN).</summary>
internal static class ContractMapping
{
    public static RecommendationResponse ToResponse(this RecommendationResult result)
    {
        var items = new RankedPostView[result.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = result.Items[i];
            items[i] = new RankedPostView(item.PostId, item.Score, JsonNames.Of(item.Source), item.Reasons);
        }

        return new RecommendationResponse(
            result.UserId,
            items,
            SourceOf(result),
            result.FallbackReason == FallbackReason.None ? null : JsonNames.Of(result.FallbackReason),
            result.ModelVersion,
            result.Variant,
            result.FromCache,
            result.UnknownCandidates);
    }

    /// <summary>"model" or "fallback" for a whole answer (cold-start items are still the model's).</summary>
    public static string SourceOf(RecommendationResult result) =>
        result.Source == RecommendationSource.Fallback ? JsonNames.Of(RecommendationSource.Fallback) : JsonNames.Of(RecommendationSource.Model);

    /// <summary>
    /// The metrics that have a value: one that could not be computed (NaN, say a gate score without held-out
    /// engagements) is left out rather than written as "NaN"; "evaluated" says whether the gate could measure at all.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Values.All(double.IsFinite) ? metrics : metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);

    /// <summary>A figure, or null when it could not be computed.</summary>
    public static double? Figure(double value) => double.IsFinite(value) ? value : null;

    public static TrainingProgressView? ToView(this TrainingProgress? progress) => progress is { } p
        ? new TrainingProgressView(p.Stage, p.Fraction, p.Iteration, double.IsFinite(p.Loss) ? p.Loss : null)
        : null;

    public static PipelineRunView? ToView(this TrainingRunResult? run) => run is null
        ? null
        : new PipelineRunView(run.RunId, JsonNames.Of(run.Outcome), run.StartedAt, run.FinishedAt, run.ModelVersion, run.Error, Finite(run.Metrics));

    public static TrainingRunView ToView(this TrackedRun run, TrainingPipeline pipeline)
    {
        var result = run.Result;
        return new TrainingRunView(
            run.RunId,
            run.Kind,
            run.Status,
            run.RequestedAt,
            run.FinishedAt,
            run.IsFinished ? null : pipeline.Progress.ToView(),
            result?.RunId,
            result?.ModelVersion,
            run.Error,
            result is null ? null : Finite(result.Metrics),
            run.PipelineWasBusy || result?.Joined == true);
    }
}
