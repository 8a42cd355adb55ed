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
        return new Scorer(model, EvaluationPosts.Resolve(training), training.Engagements, training.ReferenceTime);
    }

    /// <summary>In the feed task, a user with recorded engagements gets a profile built again from all of their history (decayed at the ranking moment).</summary>
    private sealed class Scorer(ContentModel model, Post[] posts, IReadOnlyList<Engagement> train, DateTimeOffset now) : IFeedEvaluationScorer
    {
        private readonly List<Post> _batch = [];
        private readonly FeedHistory _history = new(train);
        private readonly Dictionary<string, ContentProfile> _rebuilt = new(StringComparer.Ordinal);
        private readonly SettableTimeProvider _clock = new(now);
        private Dictionary<string, Post>? _byId;

        public void AdvanceTo(DateTimeOffset moment) => _clock.UtcNow = moment;

        public void Record(in Engagement engagement) => _history.Record(engagement);

        public void Score(string userId, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            if (_history.TakeChanged(userId))
            {
                _byId ??= posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
                _rebuilt[userId] = model.BuildProfile(_history.All(userId), _byId, _clock);
            }

            var profile = _rebuilt.TryGetValue(userId, out var rebuilt) ? rebuilt : model.GetProfile(userId);
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
