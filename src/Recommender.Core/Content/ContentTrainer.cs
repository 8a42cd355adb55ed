using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// Trains a <see cref="ContentModel"/> from posts and engagements in one pass (see <see cref="ContentModelBuilder"/>).
/// Usable without DI: <c>new ContentTrainer(options).Fit(posts, engagements)</c>. The same data and reference time
/// give the same model whatever the order of the input.
/// </summary>
public sealed class ContentTrainer
{
    private readonly ContentOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; null for the defaults. Copied: later changes do not affect this trainer.</param>
    /// <param name="logger">Where a summary is logged; null for none.</param>
    /// <param name="timeProvider">The clock for decay and durations; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public ContentTrainer(ContentOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        options ??= new ContentOptions();
        options.Validate();
        _options = options.Clone();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Trains on posts and engagements held in memory.</summary>
    /// <param name="posts">The posts (the documents).</param>
    /// <param name="engagements">The engagements (they build the profiles).</param>
    /// <param name="cancellationToken">Stops training.</param>
    public ContentModel Fit(IEnumerable<Post> posts, IEnumerable<Engagement> engagements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(engagements);
        var started = _timeProvider.GetTimestamp();
        var builder = new ContentModelBuilder(_options, _timeProvider);
        foreach (var post in posts)
        {
            builder.AddPost(post);
        }

        var n = 0;
        foreach (var e in engagements)
        {
            if ((++n & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            builder.AddEngagement(e);
        }

        return Finish(builder, started);
    }

    /// <summary>Streams the posts and engagements of a data source and trains on them.</summary>
    /// <param name="source">The data source.</param>
    /// <param name="cancellationToken">Stops the read and training.</param>
    public async Task<ContentModel> FitAsync(IRecommenderDataSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var started = _timeProvider.GetTimestamp();
        var builder = new ContentModelBuilder(_options, _timeProvider);
        await foreach (var post in source.ReadPostsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            builder.AddPost(post);
        }

        await foreach (var e in source.ReadEngagementsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            builder.AddEngagement(e);
        }

        return Finish(builder, started);
    }

    private ContentModel Finish(ContentModelBuilder builder, long started)
    {
        var model = builder.Build();
        Log.ContentModelTrained(_logger, model.Users.Count, model.Posts.Count, model.TermCount, builder.AcceptedEngagements, builder.SkippedEngagements, _timeProvider.GetElapsedTime(started).TotalSeconds);
        return model;
    }
}
