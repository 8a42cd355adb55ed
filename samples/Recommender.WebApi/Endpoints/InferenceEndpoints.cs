using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Serving;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Hosting;
using Recommender.WebApi.Validation;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// Inference: POST /api/v1/rank (the caller's candidates, best first) and POST /api/v1/recommend (the best of the
/// catalogue). Invalid requests get 400 problem details naming each field; with no model yet the answer is 200 with
/// source "fallback" (the SDK's heuristic), never an error.
/// </summary>
internal static class InferenceEndpoints
{
    public static IEndpointRouteBuilder MapInferenceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Inference");
        group.MapPost("/rank", Rank)
            .WithName("Rank")
            .WithSummary("Ranks candidate posts for a user, best first.")
            .WithDescription("Give candidateIds (posts the data source knows) or candidates (posts described in full). Unknown ids are listed in unknownCandidates, not ranked.");
        group.MapPost("/recommend", Recommend)
            .WithName("Recommend")
            .WithSummary("Recommends the best posts of the catalogue for a user.");
        return routes;
    }

    private static async Task<Results<Ok<RecommendationResponse>, ValidationProblem>> Rank(
        RankApiRequest request, IRecommender recommender, IOptions<WebApiOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (ids, posts) = RequestValidator.Rank(request, options.Value, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var filter = RequestValidator.Filter(request.Exclude);
        var result = posts is not null
            ? await recommender.RankAsync(request.UserId!, posts, filter, cancellationToken)
            : await recommender.RankAsync(request.UserId!, ids!, filter, cancellationToken);
        return TypedResults.Ok(result.ToResponse());
    }

    private static async Task<Results<Ok<RecommendationResponse>, ValidationProblem>> Recommend(
        RecommendApiRequest request, IRecommender recommender, IOptions<WebApiOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        RequestValidator.UserId(request.UserId, errors);
        var count = RequestValidator.CountOrLimit(request.Count, request.Limit, options.Value.DefaultCount, options.Value.MaxCount, errors);
        RequestValidator.Exclude(request.Exclude, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await recommender.RecommendAsync(request.UserId!, count, RequestValidator.Filter(request.Exclude), cancellationToken);
        return TypedResults.Ok(result.ToResponse());
    }
}
