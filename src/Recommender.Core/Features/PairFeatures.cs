namespace Recommender.Features;

/// <summary>
/// The features of one (user, post) pair, as the ranker sees them (<see cref="PairFeatureColumns"/> gives their
/// order in the ranker's feature matrix). "Now" is the extractor's <see cref="TimeProvider"/>.
/// </summary>
public sealed record PairFeatures
{
    /// <summary>The host's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The host's post id.</summary>
    public required string PostId { get; init; }

    /// <summary>
    /// True when the user is in the feature store (when the ranker folds in engagements recorded since training, a
    /// user it did not know counts as known too, so that the blend weighs their new tastes like a known user's).
    /// </summary>
    public bool UserKnown { get; init; }

    /// <summary>True when the post is in the feature store.</summary>
    public bool PostKnown { get; init; }

    /// <summary>The NMF affinity (dot product of factors; not bounded); 0 when <see cref="HasCollaborativeScore"/> is false.</summary>
    public float CollaborativeScore { get; init; }

    /// <summary>True when an NMF model was given and knows both the user and the post.</summary>
    public bool HasCollaborativeScore { get; init; }

    /// <summary>The cosine of the user's content profile and the post's vector, in [0, 1].</summary>
    public float ContentSimilarity { get; init; }

    /// <summary>True when a content model was given, the user has a profile and the post has a known term.</summary>
    public bool HasContentSimilarity { get; init; }

    /// <summary>
    /// The author's share of the user's engagement: with <c>net(a)</c> the summed signed, decayed engagement weight
    /// of the user on author a's posts (posts without a known author form one more bucket),
    /// <c>max(0, net(author)) / Σ_a max(0, net(a))</c>; in [0, 1], 0 when unknown.
    /// </summary>
    public float AuthorEngagementShare { get; init; }

    /// <summary>True when the user follows the author.</summary>
    public bool FollowsAuthor { get; init; }

    /// <summary><c>(AuthorEngagementShare + (FollowsAuthor ? 1 : 0)) / 2</c>, in [0, 1].</summary>
    public float AuthorAffinity { get; init; }

    /// <summary>
    /// How usual the current UTC hour h is for the user:
    /// <c>(userCount[h] + m × globalShare[h]) / (userTotal + m)</c> with m = <see cref="FeatureOptions.TimeMatchPriorStrength"/>
    /// and <c>globalShare[h] = (globalCount[h] + 1) / (globalTotal + 24)</c>; in [0, 1], 1/24 ≈ 0.042 is average.
    /// </summary>
    public float TimeMatch { get; init; }

    /// <summary>
    /// <c>0.5^(age / FreshnessHalfLife)</c>, in [0, 1]; 1 for a post dated now or in the future (it reaches 0 only
    /// by float underflow, for posts over a hundred half-lives old).
    /// </summary>
    public float Freshness { get; init; }

    /// <summary>True when the user engaged with the post in any way (including a view or a hide) at training time.</summary>
    public bool AlreadySeen { get; init; }

    /// <summary>
    /// Co-engagement ("people who engaged with posts you engaged with also engaged with this"): the sum of the post's
    /// weights as a neighbour of the posts in the user's history, in the co-engagement graph built at training time;
    /// 0 when <see cref="HasCoEngagementScore"/> is false.
    /// </summary>
    public float CoEngagementScore { get; init; }

    /// <summary>True when the user has a positive history in the graph and the post is in the feature store.</summary>
    public bool HasCoEngagementScore { get; init; }
}
