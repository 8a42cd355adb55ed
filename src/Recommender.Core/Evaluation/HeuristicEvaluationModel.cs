using Recommender.Data;
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

        return new Scorer(new HeuristicScorer(_options, index), index, EvaluationPosts.Resolve(training), training.RankingTime);
    }

    /// <summary>
    /// Scores each post once per ranking moment (the same for every user); in the feed task the engagements recorded
    /// update the popularity counts as <c>RecordEngagementAsync</c> does in the engine.
    /// </summary>
    private sealed class Scorer(HeuristicScorer scorer, PopularityIndex index, Post[] posts, DateTimeOffset now) : IFeedEvaluationScorer
    {
        private readonly float[] _scores = new float[posts.Length];
        private readonly bool[] _scored = new bool[posts.Length];
        private bool _stale;

        public void AdvanceTo(DateTimeOffset moment)
        {
            now = moment;
            Array.Clear(_scored);
        }

        public void Record(in Engagement engagement)
        {
            index.Add(engagement);
            _stale = true;
        }

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> destination)
        {
            if (_stale)
            {
                Array.Clear(_scored);
                _stale = false;
            }

            for (var i = 0; i < candidates.Length; i++)
            {
                var c = candidates[i];
                if (!_scored[c])
                {
                    _scores[c] = scorer.Score(posts[c], now);
                    _scored[c] = true;
                }

                destination[i] = _scores[c];
            }
        }
    }
}
