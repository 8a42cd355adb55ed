using Recommender.Ranking;

namespace Recommender.Evaluation;

/// <summary>
/// The heuristic fallback ranking as an evaluated model (<c>heuristic</c>): engagement-weighted popularity with time
/// decay, author popularity and freshness at the ranking moment. The same for every user: the feed before ML.
/// </summary>
public sealed class HeuristicEvaluationModel : IEvaluationModel
{
    private readonly HeuristicOptions _options;

    /// <summary>Creates the model.</summary>
    /// <param name="options">The heuristic's options; null for the defaults.</param>
    public HeuristicEvaluationModel(HeuristicOptions? options = null)
    {
        _options = options ?? new HeuristicOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "heuristic";

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var index = new PopularityIndex(_options);
        foreach (var post in training.Posts)
        {
            index.AddPost(post);
        }

        foreach (var e in training.Engagements)
        {
            index.Add(e);
        }

        var scorer = new HeuristicScorer(_options, index);
        var posts = EvaluationPosts.Resolve(training);
        var scores = new float[posts.Length];
        for (var i = 0; i < posts.Length; i++)
        {
            scores[i] = scorer.Score(posts[i], training.RankingTime);
        }

        return new Scorer(scores);
    }

    private sealed class Scorer(float[] scores) : IEvaluationScorer
    {
        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> destination)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                destination[i] = scores[candidates[i]];
            }
        }
    }
}
