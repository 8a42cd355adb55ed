using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Serving;
using Recommender.Training;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Evaluation;
using Recommender.WebApi.Training;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// Training: POST /api/v1/train and /api/v1/retrain start a run in the background and answer 202 at once with its
/// id; GET /api/v1/model/status shows what serves and how the runs go; GET /api/v1/model/evaluate gives the serving
/// model's stored metrics (and a fresh evaluation with ?onDemand=true).
/// </summary>
internal static class TrainingEndpoints
{
    public const string StatusPath = "/api/v1/model/status";

    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Training");
        group.MapPost("/train", (TrainingRunTracker runs) => Start(runs, "train"))
            .WithName("Train")
            .WithSummary("Starts a training run in the background (or returns the one in progress).")
            .WithDescription("Answers 202 Accepted at once with the run id and the status URL to poll. Reads the data source, trains, evaluates against the serving model and the heuristic, and activates the new version when it passes the quality gate.");
        group.MapPost("/retrain", (TrainingRunTracker runs) => Start(runs, "retrain"))
            .WithName("Retrain")
            .WithSummary("Retrains on the latest data in the background (same pipeline as /train).")
            .WithDescription("Identical to /train but recorded as a retrain: the serving model keeps serving until a better one is activated; a failed or rejected run never replaces it.");
        group.MapGet("/model/status", Status)
            .WithName("GetModelStatus")
            .WithSummary("What serves (model or fallback), the serving version and its age, training progress and recent runs.")
            .WithDescription("With ?runId= (from POST /train), also the state of that run; 404 when the id is unknown.");
        group.MapGet("/model/evaluate", Evaluate)
            .WithName("EvaluateModel")
            .WithSummary("The serving model's evaluation metrics as stored at training; a fresh offline evaluation with ?onDemand=true.")
            .WithDescription("404 while no model serves, unless onDemand=true (which evaluates a newly trained candidate against the heuristic on the current data, synchronously).");
        return routes;
    }

    internal static Accepted<TrainingAccepted> Start(TrainingRunTracker runs, string kind)
    {
        var (run, joined) = runs.Start(kind);
        var url = $"{StatusPath}?runId={Uri.EscapeDataString(run.RunId)}";
        return TypedResults.Accepted(url, new TrainingAccepted(run.RunId, run.Status, url, joined));
    }

    private static Results<Ok<ModelStatusResponse>, ProblemHttpResult> Status(RecommenderEngine engine, TrainingRunTracker runs, string? runId = null)
    {
        TrainingRunView? run = null;
        if (runId is not null)
        {
            if (runs.Find(runId) is not { } found)
            {
                return TypedResults.Problem(
                    detail: $"No training run '{runId}' is known: ids come from POST /api/v1/train; the last runs are kept in memory only.",
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown training run.");
            }

            run = found.ToView(engine.Training);
        }

        var status = engine.GetStatus();
        var version = status.ActiveVersions.GetValueOrDefault(ModelVariants.Default);
        return TypedResults.Ok(new ModelStatusResponse(
            version is null ? "fallback" : "model",
            version,
            status.ActiveVersions,
            status.ModelTrainedAt,
            status.ModelAge?.TotalSeconds,
            status.DataWatermark,
            ContractMapping.Finite(status.Metrics),
            engine.Training.IsRunning,
            status.TrainingInProgress.ToView(),
            status.LastTraining.ToView(),
            status.LastLoadError,
            run,
            [.. runs.Recent.Select(r => r.ToView(engine.Training))]));
    }

    private static async Task<Results<Ok<ModelEvaluationResponse>, ProblemHttpResult>> Evaluate(
        RecommenderEngine engine, OnDemandEvaluator evaluator, bool onDemand = false, CancellationToken cancellationToken = default)
    {
        var status = engine.GetStatus();
        var version = status.ActiveVersions.GetValueOrDefault(ModelVariants.Default);
        if (version is null && !onDemand)
        {
            return TypedResults.Problem(
                detail: "No model serves yet, so there are no stored metrics: train one (POST /api/v1/train), or ask for ?onDemand=true.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No model is active.");
        }

        var k = engine.Options.Training.EvaluationK;
        var metrics = ContractMapping.Finite(status.Metrics);
        double? Metric(string name) => metrics.TryGetValue(name, out var v) ? v : null;
        var fresh = onDemand ? await evaluator.EvaluateAsync(cancellationToken) : null;
        return TypedResults.Ok(new ModelEvaluationResponse(
            version,
            status.ModelTrainedAt,
            k,
            Metric("evaluated") is 1,
            Metric($"ndcg@{k}"),
            Metric($"precision@{k}"),
            Metric($"heuristic.ndcg@{k}"),
            Metric($"active.ndcg@{k}"),
            metrics,
            fresh));
    }
}
