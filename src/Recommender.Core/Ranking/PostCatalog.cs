using Recommender.Content;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>
/// The posts a recommendation can draw from, immutable: the model's posts (rebuilt from its feature store and
/// content vectors: id, author, creation time, tags) plus posts published since, added by the serving layer.
/// Ordered by creation time for "fresh" candidates; the model's most engaged posts for "popular" ones.
/// </summary>
internal sealed class PostCatalog
{
    private readonly Dictionary<string, Post> _byId;
    private readonly Post[] _byTime;
    private readonly long[] _createdTicks;

    private PostCatalog(Dictionary<string, Post> byId, string[] popular)
    {
        _byId = byId;
        _byTime = [.. byId.Values];
        Array.Sort(_byTime, static (a, b) =>
        {
            var c = a.CreatedAt.CompareTo(b.CreatedAt);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        _createdTicks = new long[_byTime.Length];
        for (var i = 0; i < _byTime.Length; i++)
        {
            _createdTicks[i] = _byTime[i].CreatedAt.UtcTicks;
        }

        Popular = popular;
    }

    public int Count => _byId.Count;

    /// <summary>The model's posts by decreasing engagement (at most a few thousand).</summary>
    public IReadOnlyList<string> Popular { get; }

    public static PostCatalog FromModel(RecommenderModel model, int popularCount = 2_000)
    {
        var store = model.Features;
        var data = store.Data;
        var content = model.Content;
        var byId = new Dictionary<string, Post>(store.Posts.Count, StringComparer.Ordinal);
        var tags = new List<string>();
        for (var p = 0; p < store.Posts.Count; p++)
        {
            var id = store.Posts[p];
            tags.Clear();
            if (content.Posts.TryGetIndex(id, out var cp))
            {
                foreach (var term in content.GetPostVector(cp))
                {
                    if (content.GetTermKind(term.Term) == ContentTermKind.Tag)
                    {
                        tags.Add(content.Vocabulary.Values[term.Term]);
                    }
                }
            }

            var author = data.PostAuthor[p];
            var created = data.PostCreated[p];
            byId[id] = new Post(id, author >= 0 ? store.Authors[author] : null, new DateTimeOffset(created, TimeSpan.Zero))
            {
                Tags = [.. tags],
            };
        }

        var order = new int[store.Posts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var popularity = store.PostPopularityLog;
        Array.Sort(order, (a, b) => popularity[a] != popularity[b] ? popularity[b].CompareTo(popularity[a]) : string.CompareOrdinal(store.Posts[a], store.Posts[b]));
        var popular = new string[Math.Min(popularCount, order.Length)];
        for (var i = 0; i < popular.Length; i++)
        {
            popular[i] = store.Posts[order[i]];
        }

        return new PostCatalog(byId, popular);
    }

    /// <summary>A new catalogue with these posts added (or replaced).</summary>
    public PostCatalog With(IEnumerable<Post> posts)
    {
        var byId = new Dictionary<string, Post>(_byId, StringComparer.Ordinal);
        foreach (var post in posts)
        {
            byId[post.Id] = post;
        }

        return new PostCatalog(byId, [.. Popular]);
    }

    public bool TryGet(string id, out Post post) => _byId.TryGetValue(id, out post!);

    /// <summary>Posts created at or after <paramref name="since"/>, oldest first.</summary>
    public ReadOnlySpan<Post> CreatedSince(DateTimeOffset since)
    {
        var ticks = since.UtcTicks;
        int lo = 0, hi = _createdTicks.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_createdTicks[mid] < ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return _byTime.AsSpan(lo);
    }
}
