using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// The most-popular baseline (as the protocol's peer script): a post scores the number of distinct users who
/// engaged with it in train, whatever the kind; posts without train engagements score 0. The same list for
/// everyone, minus what each user already saw; in the feed task it counts the engagements recorded since, too.
/// </summary>
public sealed class PopularityModel : IEvaluationModel
{
    /// <summary>The model's name: <c>popularity</c>.</summary>
    public string Name => "popularity";

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var users = new IdIndexBuilder();
        var pairs = new HashSet<long>();
        var counts = new float[training.Catalog.Count];
        foreach (var e in training.Engagements)
        {
            var post = training.Catalog.IndexOf(e.PostId);
            if (post >= 0 && pairs.Add(((long)users.GetOrAdd(e.UserId) << 32) | (uint)post))
            {
                counts[post]++;
            }
        }

        return new Scorer(counts, users, pairs, training.Catalog);
    }

    /// <summary>In the feed task, each recorded engagement of a new (user, post) pair counts at once.</summary>
    private sealed class Scorer(float[] counts, IdIndexBuilder users, HashSet<long> pairs, IdIndex catalog) : IFeedEvaluationScorer
    {
        public void AdvanceTo(DateTimeOffset now)
        {
        }

        public void Record(in Engagement engagement)
        {
            var post = catalog.IndexOf(engagement.PostId);
            if (post >= 0 && pairs.Add(((long)users.GetOrAdd(engagement.UserId) << 32) | (uint)post))
            {
                counts[post]++;
            }
        }

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                scores[i] = counts[candidates[i]];
            }
        }
    }
}
