using Recommender.Ranking;
using Recommender.Serving;
using Recommender.Training;
using Recommender.WebApi.Training;

namespace Recommender.WebApi.Contracts;

/// <summary>SDK results to API contracts (enums in camel case, NaN loss as null).</summary>
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

    public static TrainingProgressView? ToView(this TrainingProgress? progress) => progress is { } p
        ? new TrainingProgressView(p.Stage, p.Fraction, p.Iteration, double.IsFinite(p.Loss) ? p.Loss : null)
        : null;

    public static PipelineRunView? ToView(this TrainingRunResult? run) => run is null
        ? null
        : new PipelineRunView(run.RunId, JsonNames.Of(run.Outcome), run.StartedAt, run.FinishedAt, run.ModelVersion, run.Error, run.Metrics);

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
            result?.Metrics,
            run.PipelineWasBusy || result?.Joined == true);
    }
}
