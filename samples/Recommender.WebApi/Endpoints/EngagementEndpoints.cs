using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Data;
using Recommender.Serving;
using Recommender.WebApi.Contracts;
using Recommender.WebApi.Hosting;
using Recommender.WebApi.Validation;

namespace Recommender.WebApi.Endpoints;

/// <summary>
/// POST /api/v1/engagements: one engagement or a batch. Malformed ones are a 400 naming each field; with
/// <c>--postgres</c> they are stored in the host's engagement table (one INSERT), then recorded through the SDK, which
/// applies them here at once and on every other instance within seconds. Unknown posts and users are data conditions:
/// applied as far as they can be, and counted in the answer.
/// </summary>
internal static class EngagementEndpoints
{
    public static IEndpointRouteBuilder MapEngagementEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1").WithTags("Engagements")
            .MapPost("/engagements", Record)
            .WithName("RecordEngagements")
            .WithSummary("Records engagements (one, or a batch of up to 1,000): stored in the host's table with --postgres, applied on every instance.")
            .WithDescription("The user's cached answers are dropped, the post no longer recommended to them, their tastes folded in again and the post's live popularity counted. Unknown posts and users are counted, not errors.");
        return routes;
    }

    private static async Task<Results<Ok<EngagementsResponse>, ValidationProblem, ProblemHttpResult>> Record(
        EngagementsApiRequest request,
        RecommenderEngine engine,
        IRecommenderDataSource source,
        TimeProvider time,
        IServiceProvider services,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var engagements = RequestValidator.Engagements(request, now, engine.Options.Serving.MaxIdLength, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var logger = loggers.CreateLogger(typeof(EngagementEndpoints).FullName!);
        var stored = false;
        if (services.GetService<EngagementWriter>() is { } writer)
        {
            try
            {
                stored = await writer.WriteAsync(engagements, cancellationToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                Log.EngagementsNotStored(logger, ex, engagements.Count);
                return TypedResults.Problem(
                    detail: "The engagements could not be stored in the host's table (the database is unreachable); none was applied. Retry later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The database is unavailable.");
            }
        }

        var unknownPosts = await CountUnknownPostsAsync(engagements, source, logger, cancellationToken);
        var latest = now + engine.Options.Weighting.MaxClockSkew;
        var users = new Dictionary<string, bool>(StringComparer.Ordinal);
        int applied = 0, ignored = 0, unknownUsers = 0;
        foreach (var engagement in engagements)
        {
            if (!users.TryGetValue(engagement.UserId, out var known))
            {
                users[engagement.UserId] = known = (await engine.GetUserFeaturesAsync(engagement.UserId, cancellationToken)).IsKnown;
            }

            unknownUsers += known ? 0 : 1;
            await engine.RecordEngagementAsync(engagement, cancellationToken);
            if (engagement.Timestamp > latest)
            {
                ignored++;
            }
            else
            {
                applied++;
            }
        }

        return TypedResults.Ok(new EngagementsResponse(engagements.Count, applied, ignored, unknownPosts, unknownUsers, stored));
    }

    private static async Task<int> CountUnknownPostsAsync(IReadOnlyList<Engagement> engagements, IRecommenderDataSource source, ILogger logger, CancellationToken cancellationToken)
    {
        var ids = engagements.Select(e => e.PostId).ToHashSet(StringComparer.Ordinal);
        try
        {
            var found = (await source.FindPostsAsync(ids, cancellationToken)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            return engagements.Count(e => !found.Contains(e.PostId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.EngagementPostsNotLookedUp(logger, ex, engagements.Count);
            return 0;
        }
    }
}
