using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Serving;
using Recommender.Training;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Hosting;
using Recommender.WebApi.Training;
using Recommender.WebApi.Validation;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// The integration routes a back end calls (the seed service's contract): GET /ml/status, POST /ml/train,
/// POST /ml/predict (scores for given posts) and POST /ml/recommend (post ids). Short answers; the same SDK calls
/// and validation as /api/v1.
/// </summary>
internal static class MlEndpoints
{
    public static IEndpointRouteBuilder MapMlEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ml").WithTags("Integration");
        group.MapGet("/status", Status)
            .WithName("MlStatus")
            .WithSummary("Whether a model serves, which, and how the last training went.");
        group.MapPost("/train", (TrainingRunTracker runs) => TrainingEndpoints.Start(runs, "train"))
            .WithName("MlTrain")
            .WithSummary("Starts a training run in the background: 202 with its run id, as POST /api/v1/train.");
        group.MapPost("/predict", Predict)
            .WithName("MlPredict")
            .WithSummary("Scores the given posts for a user, best first.");
        group.MapPost("/recommend", Recommend)
            .WithName("MlRecommend")
            .WithSummary("The ids of the best posts for a user.");
        return routes;
    }

    private static Ok<MlStatusResponse> Status(RecommenderEngine engine)
    {
        var status = engine.GetStatus();
        var version = status.ActiveVersions.GetValueOrDefault(ModelVariants.Default);
        var last = status.LastTraining;
        return TypedResults.Ok(new MlStatusResponse(
            version is not null,
            version,
            status.ModelTrainedAt,
            engine.Training.IsRunning,
            last is null ? null : JsonNames.Of(last.Outcome),
            last?.FinishedAt,
            last?.Error));
    }

    private static async Task<Results<Ok<MlPredictResponse>, ValidationProblem>> Predict(
        MlPredictRequest request, IRecommender recommender, IOptions<WebApiOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        RequestValidator.UserId(request.UserId, errors);
        var ids = RequestValidator.Ids(request.PostIds, "postIds", options.Value.MaxCandidates, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await recommender.RankAsync(request.UserId!, ids!, null, cancellationToken);
        return TypedResults.Ok(new MlPredictResponse(
            result.UserId,
            [.. result.Items.Select(i => new MlPrediction(i.PostId, i.Score))],
            ContractMapping.SourceOf(result),
            result.ModelVersion,
            result.UnknownCandidates));
    }

    private static async Task<Results<Ok<MlRecommendResponse>, ValidationProblem>> Recommend(
        MlRecommendRequest request, IRecommender recommender, IOptions<WebApiOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        RequestValidator.UserId(request.UserId, errors);
        var limit = RequestValidator.CountOrLimit(request.Count, request.Limit, options.Value.DefaultCount, options.Value.MaxCount, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await recommender.RecommendAsync(request.UserId!, limit, null, cancellationToken);
        return TypedResults.Ok(new MlRecommendResponse(result.UserId, [.. result.Items.Select(i => i.PostId)], ContractMapping.SourceOf(result), result.ModelVersion));
    }
}
