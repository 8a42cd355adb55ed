using Microsoft.Extensions.Logging;
using Recommender.Collaborative;
using Recommender.Content;
using Recommender.Data;
using Recommender.Features;

namespace Recommender.Ranking;

/// <summary>
/// The builders of one training pass (collaborative matrix, content model, feature store) at one reference time,
/// fed item by item and built together.
/// </summary>
internal sealed class ModelPass
{
    private readonly InteractionMatrixBuilder _matrix;
    private readonly ContentModelBuilder _content;
    private readonly FeatureStoreBuilder _features;
    private readonly NmfOptions _nmf;
    private readonly ILogger _logger;

    /// <param name="options">The options.</param>
    /// <param name="referenceTime">"Now" for decay and ages.</param>
    /// <param name="timestamps">The trainer's clock: durations (NMF's, saved in the model) are measured on it.</param>
    /// <param name="logger">Where training logs.</param>
    public ModelPass(RecommenderOptions options, DateTimeOffset referenceTime, TimeProvider timestamps, ILogger logger)
    {
        var clock = new FixedTimeProvider(referenceTime, timestamps);
        ReferenceTime = referenceTime;
        Clock = clock;
        _logger = logger;
        _nmf = options.Collaborative.Clone();
        _nmf.Weighting = options.Weighting;
        var content = options.Content.Clone();
        content.Weighting = options.Weighting;
        var features = options.Features.Clone();
        features.Weighting = options.Weighting;
        var skew = options.Weighting.MaxClockSkew;
        _matrix = new InteractionMatrixBuilder(options.Weighting, clock, skew);
        _content = new ContentModelBuilder(content, clock, skew);
        _features = new FeatureStoreBuilder(features, clock, skew);
    }

    public DateTimeOffset ReferenceTime { get; }

    public TimeProvider Clock { get; }

    public void AddUser(User user) => _features.AddUser(user);

    public void AddFollow(Follow follow) => _features.AddFollow(follow);

    public void AddPost(Post post)
    {
        _content.AddPost(post);
        _features.AddPost(post);
    }

    public void AddEngagement(in Engagement engagement)
    {
        _matrix.Add(engagement);
        _content.AddEngagement(engagement);
        _features.AddEngagement(engagement);
    }

    /// <summary>Builds every model; the collaborative one is null when no engagement has a positive weight.</summary>
    public (NmfModel? Collaborative, ContentModel Content, FeatureStore Features, InteractionMatrix Matrix) Build(IProgress<NmfProgress>? progress, CancellationToken cancellationToken)
    {
        var matrix = _matrix.Build();
        cancellationToken.ThrowIfCancellationRequested();
        var content = _content.Build();
        cancellationToken.ThrowIfCancellationRequested();
        var features = _features.Build();
        cancellationToken.ThrowIfCancellationRequested();
        var collaborative = matrix.NonZeroCount > 0
            ? new NmfTrainer(_nmf, _logger, Clock).Fit(matrix, progress, cancellationToken)
            : null;
        return (collaborative, content, features, matrix);
    }
}
