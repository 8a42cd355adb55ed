using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Content;

/// <summary>
/// Accumulates posts and engagements into a <see cref="ContentModel"/>. Posts are tokenised as they arrive (their
/// term ids are kept, not the posts); engagements are weighted by kind and decayed by age on arrival and merged per
/// (user, post), so memory grows with posts' terms and distinct pairs, never with the raw engagement list.
/// Posts and engagements may arrive in any order; a post added twice keeps its last version. Not thread-safe.
/// </summary>
public sealed class ContentModelBuilder
{
    private readonly ContentOptions _options;
    private readonly EngagementWeigher _weigher;
    private readonly List<ContentTermKind> _termKinds = [];
    private readonly List<string> _termValues = [];
    private readonly Dictionary<string, int> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _authors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private readonly IdIndexBuilder _posts = new();
    private readonly List<int[]?> _postTerms = [];
    private readonly IdIndexBuilder _users = new();
    private readonly Dictionary<long, float> _pairs = [];
    private readonly List<int> _scratch = [];
    private long _accepted;
    private long _skipped;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">The options; null for the defaults. Copied: later changes do not affect this builder.</param>
    /// <param name="timeProvider">The clock engagement ages are measured against; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (every problem is listed).</exception>
    public ContentModelBuilder(ContentOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, EngagementDefaults.MaxClockSkew)
    {
    }

    /// <summary>Creates a builder that skips engagements dated more than <paramref name="maxClockSkew"/> after the clock.</summary>
    internal ContentModelBuilder(ContentOptions? options, TimeProvider? timeProvider, TimeSpan maxClockSkew)
    {
        options ??= new ContentOptions();
        options.Validate();
        _options = options.Clone();
        _weigher = new EngagementWeigher(_options.Weighting, (timeProvider ?? TimeProvider.System).GetUtcNow(), maxClockSkew);
    }

    /// <summary>The moment engagement ages are measured from.</summary>
    public DateTimeOffset ReferenceTime => _weigher.ReferenceTime;

    /// <summary>Engagements that were weighed into a (user, post) pair.</summary>
    public long AcceptedEngagements => _accepted;

    /// <summary>Engagements skipped: missing id, undefined kind, NaN, infinite or out-of-range weight, a kind weighing 0,
    /// or a timestamp more than the clock skew (default 1 day) after the clock.</summary>
    public long SkippedEngagements => _skipped;

    /// <summary>Adds (or replaces) a post: its tags, author and text become terms.</summary>
    /// <param name="post">The post.</param>
    /// <exception cref="ArgumentException">The post's id is null or empty.</exception>
    public void AddPost(Post post)
    {
        ArgumentNullException.ThrowIfNull(post);
        Guard.NotNullOrEmpty(post.Id, "Post.Id");
        ObjectDisposedException.ThrowIf(_built, this);
        _scratch.Clear();
        if (_options.TagWeight > 0f)
        {
            foreach (var tag in post.Tags)
            {
                if (TextTokenizer.NormalizeTag(tag) is { } normalized)
                {
                    _scratch.Add(TermId(_tags, ContentTermKind.Tag, normalized));
                }
            }
        }

        if (_options.AuthorWeight > 0f && !string.IsNullOrEmpty(post.AuthorId))
        {
            _scratch.Add(TermId(_authors, ContentTermKind.Author, post.AuthorId));
        }

        if (_options.TextWeight > 0f && post.Text is { } text)
        {
            Span<char> buffer = stackalloc char[ContentDefaults.MaxTokenLength];
            var tokens = new TokenEnumerator(text.AsSpan(0, Math.Min(text.Length, _options.MaxTextLength)), buffer, _options.MinTokenLength);
            var lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
            while (tokens.MoveNext())
            {
                if (!lookup.TryGetValue(tokens.Current, out var id))
                {
                    id = TermId(_words, ContentTermKind.Text, new string(tokens.Current));
                }

                _scratch.Add(id);
            }
        }

        var p = _posts.GetOrAdd(post.Id);
        while (_postTerms.Count <= p)
        {
            _postTerms.Add(null);
        }

        _postTerms[p] = [.. _scratch];
    }

    /// <summary>
    /// Adds one engagement. Rows with a missing id, an undefined kind, a NaN/infinite/out-of-range weight, a kind
    /// weighing 0 or a timestamp beyond the clock skew are skipped and counted (<see cref="SkippedEngagements"/>); they never throw. Engagements with posts that
    /// are never added contribute nothing to profiles.
    /// </summary>
    /// <param name="engagement">The engagement.</param>
    /// <returns>True when the engagement was accepted.</returns>
    public bool AddEngagement(in Engagement engagement)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        if (!_weigher.Admits(engagement) || _weigher.KindWeight(engagement.Kind) == 0f || engagement.Weight == 0f)
        {
            _skipped++;
            return false;
        }

        var u = _users.GetOrAdd(engagement.UserId);
        var p = _posts.GetOrAdd(engagement.PostId);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairs, ((long)u << 32) | (uint)p, out _);
        slot += _weigher.Weigh(engagement);
        _accepted++;
        return true;
    }

    /// <summary>
    /// Freezes everything into a model: selects the vocabulary and its IDF, vectorises every post and builds every
    /// user's profile. The builder cannot be used afterwards.
    /// </summary>
    public ContentModel Build()
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;

        // Posts that were added (not only engaged with) are the training documents.
        var allPosts = _posts.Build();
        var postMap = new int[allPosts.Count];
        var documentIds = new List<string>();
        for (var p = 0; p < allPosts.Count; p++)
        {
            postMap[p] = p < _postTerms.Count && _postTerms[p] is not null ? documentIds.Count : -1;
            if (postMap[p] >= 0)
            {
                documentIds.Add(allPosts[p]);
            }
        }

        var documents = IdIndex.Create(documentIds);
        var vocabulary = SelectVocabulary(documents.Count, out var termMap);
        var (postPtr, postTerms, postWeights) = Vectorize(vocabulary, termMap, documents.Count);
        var users = _users.Build();
        var (profilePtr, profileTerms, profileWeights) = BuildProfiles(vocabulary, users.Count, postMap, postPtr, postTerms, postWeights);
        return new ContentModel(vocabulary, users, documents, postPtr, postTerms, postWeights, profilePtr, profileTerms, profileWeights, _options, _weigher.ReferenceTime);
    }

    private int TermId(Dictionary<string, int> family, ContentTermKind kind, string value)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(family, value, out var exists);
        if (!exists)
        {
            slot = _termKinds.Count;
            _termKinds.Add(kind);
            _termValues.Add(value);
        }

        return slot;
    }

    private ContentVocabulary SelectVocabulary(int documentCount, out int[] termMap)
    {
        var df = new int[_termKinds.Count];
        foreach (var terms in _postTerms)
        {
            if (terms is null)
            {
                continue;
            }

            var sorted = terms.AsSpan().ToArray();
            Array.Sort(sorted);
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i == 0 || sorted[i] != sorted[i - 1])
                {
                    df[sorted[i]]++;
                }
            }
        }

        var kept = new List<int>();
        for (var t = 0; t < df.Length; t++)
        {
            var min = _termKinds[t] == ContentTermKind.Text ? _options.MinDocumentFrequency : 1;
            if (df[t] >= min)
            {
                kept.Add(t);
            }
        }

        var names = new string[_termKinds.Count];
        foreach (var t in kept)
        {
            names[t] = ContentVocabulary.TermName(_termKinds[t], _termValues[t]);
        }

        if (kept.Count > _options.MaxTerms)
        {
            kept.Sort((a, b) => df[a] != df[b] ? df[b].CompareTo(df[a]) : string.CompareOrdinal(names[a], names[b]));
            kept.RemoveRange(_options.MaxTerms, kept.Count - _options.MaxTerms);
        }

        // Final ids in ordinal order of the term names: the same data gives the same ids whatever the input order.
        kept.Sort((a, b) => string.CompareOrdinal(names[a], names[b]));
        termMap = new int[_termKinds.Count];
        Array.Fill(termMap, -1);
        var kinds = new ContentTermKind[kept.Count];
        var values = new string[kept.Count];
        var idf = new float[kept.Count];
        for (var id = 0; id < kept.Count; id++)
        {
            var t = kept[id];
            termMap[t] = id;
            kinds[id] = _termKinds[t];
            values[id] = _termValues[t];
            idf[id] = (float)(Math.Log((1.0 + documentCount) / (1.0 + df[t])) + 1.0);
        }

        return new ContentVocabulary(kinds, values, idf, _options);
    }

    private (int[] Ptr, int[] Terms, float[] Weights) Vectorize(ContentVocabulary vocabulary, int[] termMap, int documentCount)
    {
        var ptr = new int[documentCount + 1];
        var terms = new List<int>();
        var weights = new List<float>();
        var d = 0;
        foreach (var raw in _postTerms)
        {
            if (raw is null)
            {
                continue;
            }

            var ids = new int[raw.Length];
            var n = 0;
            foreach (var t in raw)
            {
                if (termMap[t] >= 0)
                {
                    ids[n++] = termMap[t];
                }
            }

            var span = ids.AsSpan(0, n);
            span.Sort();
            var w = new float[n];
            var unique = vocabulary.Weigh(span, w);
            ContentVocabulary.Normalize(w.AsSpan(0, unique));
            terms.AddRange(span[..unique]);
            weights.AddRange(w.AsSpan(0, unique));
            ptr[++d] = terms.Count;
        }

        return (ptr, [.. terms], [.. weights]);
    }

    private (int[] Ptr, int[] Terms, float[] Weights) BuildProfiles(ContentVocabulary vocabulary, int userCount, int[] postMap, int[] postPtr, int[] postTerms, float[] postWeights)
    {
        var keys = new long[_pairs.Count];
        var pairWeights = new float[_pairs.Count];
        var i = 0;
        foreach (var (key, weight) in _pairs)
        {
            keys[i] = key;
            pairWeights[i] = weight;
            i++;
        }

        keys.AsSpan().Sort(pairWeights.AsSpan());
        var accumulator = new ProfileAccumulator(vocabulary.Count);
        var ptr = new int[userCount + 1];
        var terms = new List<int>();
        var weights = new List<float>();
        i = 0;
        for (var u = 0; u < userCount; u++)
        {
            accumulator.Reset();
            for (; i < keys.Length && (int)(keys[i] >> 32) == u; i++)
            {
                var d = postMap[(int)(uint)keys[i]];
                if (d >= 0)
                {
                    var start = postPtr[d];
                    var length = postPtr[d + 1] - start;
                    accumulator.Add(postTerms.AsSpan(start, length), postWeights.AsSpan(start, length), pairWeights[i]);
                }
            }

            var (t, w) = accumulator.Finish(_options.ProfileTerms);
            terms.AddRange(t);
            weights.AddRange(w);
            ptr[u + 1] = terms.Count;
        }

        _pairs.Clear();
        return (ptr, [.. terms], [.. weights]);
    }
}
