using Recommender.Data;

namespace Recommender.Features;

/// <summary>
/// Reads the features the ranker uses, for a host to inspect, log or train its own model on. Features are computed
/// from the data at training time (a <see cref="FeatureStore"/>) and combined with the post at hand and the current
/// time. Unknown users and new posts are not errors: they get the documented cold-start values and
/// <c>IsKnown</c>/<c>UserKnown</c>/<c>PostKnown</c> set to false.
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>What is known of a user.</summary>
    /// <param name="userId">The host's user id.</param>
    UserFeatures GetUserFeatures(string userId);

    /// <summary>What is known of a post: its own attributes from <paramref name="post"/>, statistics from the store.</summary>
    /// <param name="post">The post (known or new).</param>
    PostFeatures GetPostFeatures(Post post);

    /// <summary>The features of a (user, post) pair, exactly as the ranker sees them.</summary>
    /// <param name="userId">The host's user id.</param>
    /// <param name="post">The post (known or new).</param>
    PairFeatures GetPairFeatures(string userId, Post post);
}
