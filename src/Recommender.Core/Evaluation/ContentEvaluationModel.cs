using Recommender.Content;
using Recommender.Data;

namespace Recommender.Evaluation;

/// <summary>
/// Content-based filtering alone as an evaluated model (<c>content</c>): cosine similarity between the user's
/// profile (from their train engagements) and each post's tags, author and text. Users without a profile score 0.
/// </summary>
public sealed class ContentEvaluationModel : IEvaluationModel
{
    private readonly ContentOptions _options;

    /// <summary>Creates the model.</summary>
    /// <param name="options">Content options; null for the defaults. Its weighting is replaced by the evaluation's.</param>
    public ContentEvaluationModel(ContentOptions? options = null)
    {
        _options = options ?? new ContentOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "content";

    /// <inheritdoc />
    public IEvaluationScorer Fit(EvaluationTrainingSet training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var options = _options.Clone();
        options.Weighting = training.Weighting;
        var model = new ContentTrainer(options, null, training.TimeProvider)
            .Fit(EvaluationPosts.KnownAt(training.Posts, training.ReferenceTime), training.Engagements, cancellationToken);
        return new Scorer(model, EvaluationPosts.Resolve(training));
    }

    private sealed class Scorer(ContentModel model, Post[] posts) : IEvaluationScorer
    {
        private readonly List<Post> _batch = [];

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            var profile = model.GetProfile(userId);
            if (profile.IsEmpty)
            {
                scores[..candidates.Length].Clear();
                return;
            }

            _batch.Clear();
            foreach (var c in candidates)
            {
                _batch.Add(posts[c]);
            }

            model.Score(profile, _batch, scores);
        }
    }
}
