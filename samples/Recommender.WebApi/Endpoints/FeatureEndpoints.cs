using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Features;
using Recommender.Serving;
using Recommender.Training;
using Recommender.WebApi.Contracts;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// Features, as the serving model sees them: GET /api/v1/features/user/{userId}, /post/{postId} and
/// /interaction/{userId}/{postId}. A user the model does not know gets zeros and isKnown false (200); an unknown
/// post is 404; post and interaction features need a trained model (503 until one serves).
/// </summary>
internal static class FeatureEndpoints
{
    public static IEndpointRouteBuilder MapFeatureEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/features").WithTags("Features");
        group.MapGet("/user/{userId}", User)
            .WithName("GetUserFeatures")
            .WithSummary("A user's features: engagement counts and rates by kind, activity by hour and weekday, preferred tags and authors.");
        group.MapGet("/post/{postId}", Post)
            .WithName("GetPostFeatures")
            .WithSummary("A post's features: age, engagement counts and velocity, author popularity, tags, text length.");
        group.MapGet("/interaction/{userId}/{postId}", Interaction)
            .WithName("GetInteractionFeatures")
            .WithSummary("The features of a (user, post) pair as the ranker sees them: collaborative score, content similarity, author affinity, freshness...");
        return routes;
    }

    private static async Task<Ok<UserFeaturesView>> User(string userId, IRecommender recommender, CancellationToken cancellationToken) =>
        TypedResults.Ok((await recommender.GetUserFeaturesAsync(userId, cancellationToken)).ToView());

    private static async Task<Results<Ok<PostFeaturesView>, ProblemHttpResult>> Post(string postId, RecommenderEngine engine, CancellationToken cancellationToken)
    {
        if (NoModel(engine) is { } unavailable)
        {
            return unavailable;
        }

        return await engine.GetPostFeaturesAsync(postId, cancellationToken) is { } features
            ? TypedResults.Ok(features.ToView())
            : UnknownPost(postId);
    }

    private static async Task<Results<Ok<PairFeatures>, ProblemHttpResult>> Interaction(string userId, string postId, RecommenderEngine engine, CancellationToken cancellationToken)
    {
        if (NoModel(engine) is { } unavailable)
        {
            return unavailable;
        }

        return await engine.GetPairFeaturesAsync(userId, postId, cancellationToken) is { } features
            ? TypedResults.Ok(features)
            : UnknownPost(postId);
    }

    private static ProblemHttpResult? NoModel(RecommenderEngine engine) =>
        engine.GetStatus().ActiveVersions.ContainsKey(ModelVariants.Default)
            ? null
            : TypedResults.Problem(
                detail: "Post and interaction features come from the trained model, and none serves yet: train one (POST /api/v1/train).",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "No model is active.");

    private static ProblemHttpResult UnknownPost(string postId) => TypedResults.Problem(
        detail: $"Post '{postId}' is known neither to the model nor to the data source.",
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown post.");
}
