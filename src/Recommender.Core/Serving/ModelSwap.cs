using Microsoft.Extensions.Logging;
using Recommender.Data;
using Recommender.Ranking;
using Recommender.Training;

namespace Recommender.Serving;

/// <summary>
/// What serves, swapped whole: follows the registry's active models (a new <see cref="ServingState"/> with new rankers
/// on every change, then the users' live state trimmed to what the new default model does not know yet) and extends the
/// rankers' catalogues with posts published since training (read from the data source in the background, at most once
/// per <see cref="ServingOptions.CatalogRefreshInterval"/>). A request reads <see cref="State"/> once and answers from
/// that snapshot.
/// </summary>
internal sealed class ModelSwap : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly LiveOptions _options;
    private readonly IRecommenderDataSource _source;
    private readonly PostResolver _posts;
    private readonly PopularityIndex _popularity;
    private readonly UserStateStore _users;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private ServingState _state = ServingState.Empty;
    private int _catalogRefreshing;

    /// <summary>A swap over fixed options (tests).</summary>
    public ModelSwap(ModelRegistry registry, RecommenderOptions options, IRecommenderDataSource source, PostResolver posts, PopularityIndex popularity, UserStateStore users, TimeProvider timeProvider, ILogger logger, CancellationToken stopping)
        : this(registry, new LiveOptions(options, null, logger), source, posts, popularity, users, timeProvider, logger, stopping)
    {
    }

    public ModelSwap(ModelRegistry registry, LiveOptions options, IRecommenderDataSource source, PostResolver posts, PopularityIndex popularity, UserStateStore users, TimeProvider timeProvider, ILogger logger, CancellationToken stopping)
    {
        _registry = registry;
        _options = options;
        _source = source;
        _posts = posts;
        _popularity = popularity;
        _users = users;
        _timeProvider = timeProvider;
        _logger = logger;
        _stopping = stopping;
        registry.ActiveModelsChanged += OnModelsChanged;
    }

    public ServingState State => Volatile.Read(ref _state);

    /// <summary>New models: new rankers, then forget what the new default model already knows of users.</summary>
    public void Rebuild()
    {
        var state = ServingState.From(_registry.Active, _options.Current.Ranking, _timeProvider);
        Volatile.Write(ref _state, state);
        if (state.Default is { } d)
        {
            _users.DropBefore(d.Model.Model.Info.TrainedAt);
        }

        _ = RefreshCatalogAsync();
    }

    /// <summary>Starts a catalogue refresh in the background when the last one is older than the refresh interval.</summary>
    public void MaybeRefreshCatalog()
    {
        if (_timeProvider.GetUtcNow() - State.CatalogRefreshedAt >= _options.Current.Serving.CatalogRefreshInterval)
        {
            _ = RefreshCatalogAsync();
        }
    }

    public void Dispose() => _registry.ActiveModelsChanged -= OnModelsChanged;

    private void OnModelsChanged(object? sender, EventArgs e) => Rebuild();

    /// <summary>Reads posts published since the serving models were trained and adds them to their catalogues.</summary>
    private async Task RefreshCatalogAsync()
    {
        if (Interlocked.Exchange(ref _catalogRefreshing, 1) == 1)
        {
            return;
        }

        try
        {
            var state = State;
            if (state.Variants.Count == 0)
            {
                return;
            }

            var since = state.Variants.Values.Min(v => v.Model.Model.Info.TrainedAt);
            var posts = new List<Post>();
            await foreach (var post in _source.ReadPostsAsync(since, _stopping).ConfigureAwait(false))
            {
                posts.Add(post);
                _posts.Remember(post);
                _popularity.AddPost(post);
            }

            var now = _timeProvider.GetUtcNow();
            while (true)
            {
                var current = State;
                if (Interlocked.CompareExchange(ref _state, current.WithPosts(posts, now), current) == current)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Log.CatalogRefreshFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _catalogRefreshing, 0);
        }
    }
}
