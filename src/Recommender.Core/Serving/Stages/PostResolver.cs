using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Recommender.Data;
using Recommender.Ranking;

namespace Recommender.Serving;

/// <summary>
/// Posts for candidate ids, for the ranking and the fallback stages: the request's own posts first, then the ranker's
/// catalogue, the engine's cache of posts read from the data source, and last the data source (one lookup for all the
/// missing ones; its failures propagate). The post cache holds only posts the data source returned. An id longer than
/// <see cref="ServingOptions.MaxIdLength"/> (a candidate id, or a host-described post's) is no post's: it is reported
/// unknown and never looked up, ranked or remembered.
/// </summary>
internal sealed class PostResolver(IRecommenderDataSource source, Func<ServingOptions> options)
{
    /// <summary>A resolver over fixed options (tests).</summary>
    public PostResolver(IRecommenderDataSource source, ServingOptions options)
        : this(source, () => options)
    {
    }

    /// <summary>The most posts remembered; at the limit the cache is emptied (the catalogue refresh soon knows them).</summary>
    private const int CacheLimit = 200_000;

    private readonly ConcurrentDictionary<string, Post> _posts = new(StringComparer.Ordinal);

    public async ValueTask<(List<Post> Found, IReadOnlyList<string> Unknown)> ResolveAsync(IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, PostCatalog? catalog, CancellationToken cancellationToken)
    {
        Dictionary<string, Post>? given = null;
        if (posts is not null)
        {
            given = new Dictionary<string, Post>(posts.Count, StringComparer.Ordinal);
            foreach (var post in posts)
            {
                if (post is not null && !string.IsNullOrEmpty(post.Id) && !IsTooLong(post.Id))
                {
                    given[post.Id] = post;
                }
            }
        }

        var found = new List<Post>(ids.Count);
        List<int>? missingAt = null;
        var tooLong = false;
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            Post? post = null;
            if (IsTooLong(id))
            {
                tooLong = true;
            }
            else if (given is not null && given.TryGetValue(id, out var g))
            {
                post = g;
            }
            else if (catalog is not null && catalog.TryGet(id, out var c))
            {
                post = c;
            }
            else if (_posts.TryGetValue(id, out var cached))
            {
                post = cached;
            }

            if (post is null)
            {
                (missingAt ??= []).Add(i);
            }

            found.Add(post!);
        }

        if (missingAt is null)
        {
            return (found, []);
        }

        var missing = (tooLong ? missingAt.Select(i => ids[i]).Where(id => !IsTooLong(id)) : missingAt.Select(i => ids[i])).Distinct(StringComparer.Ordinal).ToList();
        var looked = missing.Count > 0 ? await source.FindPostsAsync(missing, cancellationToken).ConfigureAwait(false) : [];
        var byId = new Dictionary<string, Post>(StringComparer.Ordinal);
        foreach (var post in looked)
        {
            if (post is not null && !string.IsNullOrEmpty(post.Id))
            {
                byId[post.Id] = post;
                Remember(post);
            }
        }

        var unknown = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in missingAt)
        {
            if (byId.TryGetValue(ids[i], out var post))
            {
                found[i] = post;
            }
            else if (reported.Add(ids[i]))
            {
                unknown.Add(ids[i]);
            }
        }

        found.RemoveAll(p => p is null);
        return (found, unknown);
    }

    /// <summary>
    /// Candidates from local knowledge only (the data source failed or the budget is spent): unknown ids become bare
    /// posts, except ids too long to be any post's, which are the only ones reported unknown.
    /// </summary>
    public (List<Post> Found, IReadOnlyList<string> Unknown) ResolveLocally(IReadOnlyList<string> ids, IReadOnlyList<Post>? posts, PostCatalog? catalog)
    {
        var given = posts?.Where(p => p is not null && !string.IsNullOrEmpty(p.Id)).GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new List<Post>(ids.Count);
        List<string>? unknown = null;
        HashSet<string>? reported = null;
        foreach (var id in ids)
        {
            if (IsTooLong(id))
            {
                if ((reported ??= new HashSet<string>(StringComparer.Ordinal)).Add(id))
                {
                    (unknown ??= []).Add(id);
                }
            }
            else if (given is not null && given.TryGetValue(id, out var g))
            {
                found.Add(g);
            }
            else if (catalog is not null && catalog.TryGet(id, out var c))
            {
                found.Add(c);
            }
            else if (_posts.TryGetValue(id, out var cached))
            {
                found.Add(cached);
            }
            else
            {
                found.Add(new Post(id, null, DateTimeOffset.MinValue));
            }
        }

        return (found, unknown ?? (IReadOnlyList<string>)[]);
    }

    public bool TryGet(string postId, [NotNullWhen(true)] out Post? post) => _posts.TryGetValue(postId, out post);

    /// <summary>The remembered posts published at or after <paramref name="since"/> (the heuristic's recommendation candidates).</summary>
    public List<Post> PublishedSince(DateTimeOffset since) => _posts.Values.Where(p => p.CreatedAt >= since).ToList();

    private bool IsTooLong(string id) => id.Length > options().MaxIdLength;

    /// <summary>Remembers a post the data source returned.</summary>
    public void Remember(Post post)
    {
        if (_posts.Count >= CacheLimit)
        {
            _posts.Clear();
        }

        _posts[post.Id] = post;
    }
}
