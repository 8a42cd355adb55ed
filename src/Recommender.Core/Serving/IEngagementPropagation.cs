using Recommender.Data;

namespace Recommender.Serving;

/// <summary>
/// Carries engagements between the instances that serve the same users, so that an engagement recorded on one is
/// applied by all (fold-in, live popularity, the seen filter, the user's cached answers). The engine publishes every
/// engagement it records through <see cref="IRecommender.RecordEngagementAsync"/> and applies every engagement the
/// propagation delivers, its own included, at least once: the engine drops the repeats (same user, post, kind and
/// timestamp to the microsecond), so an engagement delivered twice counts once. Recommender.Postgres implements it
/// (<c>UsePostgres</c> registers it); give one to an engine built by hand with
/// <see cref="RecommenderEngine.UseEngagementPropagation"/>.
/// </summary>
public interface IEngagementPropagation
{
    /// <summary>
    /// Hands an engagement the engine recorded to the other instances. Called on the request's thread: it must
    /// return at once (queue the work) and never throw; a failure to deliver is the propagation's to log.
    /// </summary>
    /// <param name="engagement">A validated engagement the engine applied.</param>
    void Publish(Engagement engagement);

    /// <summary>
    /// Starts delivering engagements recorded by any instance (or written by any other service where the propagation
    /// reads them) to <paramref name="apply"/>, until the returned subscription is disposed. An engagement may be
    /// delivered more than once and from any thread; <paramref name="apply"/> does not throw.
    /// </summary>
    /// <param name="apply">Applies one engagement (the engine's).</param>
    /// <returns>Stops the delivery.</returns>
    IDisposable Subscribe(Action<Engagement> apply);
}
