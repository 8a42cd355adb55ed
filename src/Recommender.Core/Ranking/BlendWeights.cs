namespace Recommender.Ranking;

/// <summary>
/// Hand weights of the hybrid blend, applied to standardised signals (each signal minus its training mean, divided
/// by its standard deviation; a signal the model cannot compute, such as the collaborative score of a new post,
/// counts as average, so it neither helps nor hurts). The weights shift with what is known: the new-user and
/// new-post multipliers strengthen the signals that remain when the collaborative score is missing.
/// </summary>
public sealed class BlendWeights
{
    /// <summary>Collaborative (NMF) score. Default 1.</summary>
    public float Collaborative { get; set; } = 1f;

    /// <summary>Content similarity to the user's profile. Default 0.6.</summary>
    public float Content { get; set; } = 0.6f;

    /// <summary>The user's share of engagement with the author. Default 0.4.</summary>
    public float AuthorAffinity { get; set; } = 0.4f;

    /// <summary>The user follows the author. Default 0.3.</summary>
    public float FollowsAuthor { get; set; } = 0.3f;

    /// <summary>The user is usually active at this hour. Default 0.05.</summary>
    public float TimeMatch { get; set; } = 0.05f;

    /// <summary>Freshness of the post. Default 0.5.</summary>
    public float Freshness { get; set; } = 0.5f;

    /// <summary>The post's engagement (popularity). Default 0.3.</summary>
    public float Popularity { get; set; } = 0.3f;

    /// <summary>The post's recent engagement rate. Default 0.2.</summary>
    public float Velocity { get; set; } = 0.2f;

    /// <summary>The author's popularity. Default 0.2.</summary>
    public float AuthorPopularity { get; set; } = 0.2f;

    /// <summary>
    /// Co-engagement: people who engaged with the posts the user engaged with also engaged with this one (see
    /// <see cref="Features.PairFeatures.CoEngagementScore"/>). Default 0.3.
    /// </summary>
    public float CoEngagement { get; set; } = 0.3f;

    /// <summary>The user already engaged with the post (when seen posts are not dropped). Default -2.</summary>
    public float AlreadySeen { get; set; } = -2f;

    /// <summary>For a new user: popularity, velocity and freshness weights are multiplied by this. Default 1.5.</summary>
    public float NewUserBoost { get; set; } = 1.5f;

    /// <summary>For a new post: content and author weights are multiplied by this. Default 1.5.</summary>
    public float NewPostBoost { get; set; } = 1.5f;

    internal void CollectErrors(List<string> errors, string prefix)
    {
        // The signals' weights in table order (BlendSignals), then the boosts.
        var values = BlendSignals.All.Where(s => s.HandWeight.Property is not null).Select(s => (s.HandWeight.Property!, s.HandWeight.Read(this)))
            .Append((nameof(NewUserBoost), NewUserBoost)).Append((nameof(NewPostBoost), NewPostBoost));
        foreach (var (name, value) in values)
        {
            if (!float.IsFinite(value))
            {
                errors.Add($"{prefix}{name} must be a finite number, was {value}.");
            }
        }

        if (NewUserBoost < 0 || NewPostBoost < 0)
        {
            errors.Add($"{prefix}{nameof(NewUserBoost)} and {nameof(NewPostBoost)} must be >= 0.");
        }
    }
}
