using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>The train data and its context, as <see cref="OfflineEvaluator"/> hands it to each <see cref="IEvaluationModel"/>.</summary>
public sealed class EvaluationTrainingSet
{
    internal EvaluationTrainingSet(
        EvaluationData data,
        IdIndex catalog,
        DateTimeOffset referenceTime,
        DateTimeOffset rankingTime,
        EngagementWeightingOptions weighting)
    {
        Engagements = data.Train;
        Posts = data.Posts;
        Users = data.Users;
        Follows = data.Follows;
        Catalog = catalog;
        ReferenceTime = referenceTime;
        RankingTime = rankingTime;
        TimeProvider = new FixedTimeProvider(referenceTime);
        Weighting = weighting;
    }

    /// <summary>The train engagements.</summary>
    public IReadOnlyList<Engagement> Engagements { get; }

    /// <summary>The posts given to the evaluation (may be empty).</summary>
    public IReadOnlyList<Post> Posts { get; }

    /// <summary>The users given to the evaluation (may be empty).</summary>
    public IReadOnlyList<User> Users { get; }

    /// <summary>The follow relations given to the evaluation (may be empty).</summary>
    public IReadOnlyList<Follow> Follows { get; }

    /// <summary>
    /// Every post id the evaluation knows (train, test and posts), sorted by ordinal comparison: candidates are
    /// indices into it, and a lower index means an earlier id, which is how ties are broken.
    /// </summary>
    public IdIndex Catalog { get; }

    /// <summary>The end of the train data (its latest engagement timestamp): engagement ages are measured from here.</summary>
    public DateTimeOffset ReferenceTime { get; }

    /// <summary>The moment the ranking happens (<see cref="EvaluationOptions.RankingTime"/>; default the last test timestamp).</summary>
    public DateTimeOffset RankingTime { get; }

    /// <summary>A clock standing at <see cref="ReferenceTime"/>; give it to anything that decays weights by age.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The kind weights and half-life every model should use (each model gets its own copy).</summary>
    public EngagementWeightingOptions Weighting { get; }
}
