using Microsoft.Extensions.Logging;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

/// <summary>
/// The hybrid in the feed task, served as a host serves it: a <see cref="RecommenderEngine"/> over an in-memory data
/// source holding the train data, with the trained model published and activated, on a clock that the replay moves.
/// Engagements go through <see cref="RecommenderEngine.RecordEngagementAsync"/>, rankings through
/// <see cref="RecommenderEngine.RankAsync(string, IReadOnlyList{string}, RankingFilter?, CancellationToken)"/> by id
/// (the engine looks new posts up in the data source, which receives each post once the clock passes its creation).
/// The cache is off (every window is a new moment) and the time budget unlimited (the replay measures ranking, not the
/// machine's load).
/// </summary>
internal sealed class HybridFeedEngine : IDisposable
{
    private const string Version = "evaluation";
    private readonly SettableTimeProvider _clock;
    private readonly InMemoryDataSource _source;
    private readonly ModelRegistry _registry;
    private readonly RecommenderEngine _engine;
    private readonly Post[] _byCreation;
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private int _published;

    public HybridFeedEngine(RecommenderOptions trained, RecommenderModel model, EvaluationTrainingSet training, ILoggerFactory? loggerFactory)
    {
        _clock = new SettableTimeProvider(training.ReferenceTime);
        var options = new RecommenderOptions
        {
            Weighting = trained.Weighting,
            Collaborative = trained.Collaborative,
            Content = trained.Content,
            Features = trained.Features,
            Heuristic = trained.Heuristic,
            Ranking = trained.Ranking,
            Serving = new ServingOptions
            {
                CacheDuration = TimeSpan.Zero,
                TimeBudget = Timeout.InfiniteTimeSpan,
                MaxCandidates = 1_000_000,
            },
        };
        _byCreation = [.. training.Posts.OrderBy(p => p.CreatedAt)];
        _source = new InMemoryDataSource(training.Users, [], training.Engagements, training.Follows);
        PublishPostsUpTo(training.ReferenceTime);
        _registry = new ModelRegistry(new InMemoryModelStore(), loggerFactory, _clock);
        _engine = new RecommenderEngine(options, _source, _registry, null, _clock, loggerFactory);
        Wait(_registry.PublishAsync(model, new ModelVersionInfo { Version = Version, CreatedAt = training.ReferenceTime, TrainedAt = model.Info.TrainedAt, DataWatermark = model.Info.DataWatermark }));
        Wait(_registry.ActivateAsync(Version));
        _engine.InitializeAsync().GetAwaiter().GetResult();
    }

    /// <summary>Rankings the engine answered with the heuristic fallback (it should be none).</summary>
    public int Fallbacks { get; private set; }

    public void AdvanceTo(DateTimeOffset now)
    {
        _clock.UtcNow = now > _clock.UtcNow ? now : _clock.UtcNow;
        PublishPostsUpTo(_clock.UtcNow);
    }

    public void Record(in Engagement engagement)
    {
        AdvanceTo(engagement.Timestamp);
        Wait(_engine.RecordEngagementAsync(engagement));
    }

    /// <summary>Scores from the engine's order: the first post scores the number of candidates, the next one less; a post the engine left out scores NaN.</summary>
    public void Score(string userId, ReadOnlySpan<int> candidates, Post[] posts, Span<float> scores)
    {
        _ids.Clear();
        _positions.Clear();
        for (var i = 0; i < candidates.Length; i++)
        {
            var id = posts[candidates[i]].Id;
            _ids.Add(id);
            _positions[id] = i;
        }

        scores[..candidates.Length].Fill(float.NaN);
        var result = Wait(_engine.RankAsync(userId, _ids));
        if (result.Source == RecommendationSource.Fallback)
        {
            Fallbacks++;
        }

        var items = result.Items;
        for (var j = 0; j < items.Count; j++)
        {
            if (_positions.TryGetValue(items[j].PostId, out var i))
            {
                scores[i] = items.Count - j;
            }
        }
    }

    public void Dispose()
    {
        _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void PublishPostsUpTo(DateTimeOffset now)
    {
        var from = _published;
        while (_published < _byCreation.Length && _byCreation[_published].CreatedAt <= now)
        {
            _published++;
        }

        if (_published > from)
        {
            _source.AddPosts(_byCreation.AsSpan(from, _published - from).ToArray());
        }
    }

    // The engine over an in-memory source completes synchronously; the evaluator's loop is synchronous.
    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
