using System.Buffers;
using System.Runtime.InteropServices;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>Which candidates enter a ranking: deduplicated, filtered, not seen. Shared by the model and the heuristic.</summary>
internal static class CandidateAdmission
{
    /// <summary>
    /// Copies the candidates to keep into <paramref name="posts"/> (at least as long as the candidates): the first
    /// occurrence of each id, unless the filter or the seen set excludes it. Returns how many were kept.
    /// </summary>
    public static int Admit(IReadOnlyList<Post> candidates, RankingFilter? filter, IReadOnlyCollection<string>? seen, Post?[] posts) =>
        Admit(candidates, filter, seen, posts, null, default);

    /// <summary>
    /// As <see cref="Admit(IReadOnlyList{Post}, RankingFilter?, IReadOnlyCollection{string}?, Post?[])"/>, and writes
    /// each kept post's index in <paramref name="store"/> (-1 when unknown) to <paramref name="storeIndices"/> (at
    /// least as long as the candidates): one batch lookup of every id serves both, and known posts are deduplicated on
    /// a bitset of indices rather than a set of strings (the ranking hot path).
    /// </summary>
    public static int Admit(IReadOnlyList<Post> candidates, RankingFilter? filter, IReadOnlyCollection<string>? seen, Post?[] posts, IdIndex? store, Span<int> storeIndices)
    {
        var excludedPosts = filter?.ExcludePostIds is { Count: > 0 } ep ? ToSet(ep) : null;
        var excludedAuthors = filter?.ExcludeAuthorIds is { Count: > 0 } ea ? ToSet(ea) : null;
        HashSet<string>? excludedTags = null;
        if (filter?.ExcludeTags is { Count: > 0 } et)
        {
            excludedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in et)
            {
                if (tag is not null)
                {
                    excludedTags.Add(tag.TrimStart('#'));
                }
            }
        }

        var recentlySeen = seen is { Count: > 0 } rs ? ToSet(rs) : null;
        var n = candidates.Count;
        if (store is not null && storeIndices.Length < n)
        {
            throw new ArgumentException($"The index destination needs {n} slots, has {storeIndices.Length}.", nameof(storeIndices));
        }

        // Arrays and lists are read as spans: an array's IReadOnlyList indexer is an interface call per candidate.
        var span = candidates switch
        {
            Post[] array => array,
            List<Post> list => CollectionsMarshal.AsSpan(list),
            _ => default,
        };
        var direct = span.Length == n;
        var ids = store is null ? null : ArrayPool<string>.Shared.Rent(n);
        var words = store is null ? null : ArrayPool<ulong>.Shared.Rent((store.Count + 63) >> 6);
        HashSet<string>? unique = null;
        try
        {
            // 1. Every candidate checked, and (with a store) every id resolved in one batch.
            for (var i = 0; i < n; i++)
            {
                var post = (direct ? span[i] : candidates[i]) ?? throw new ArgumentException($"Candidate {i} is null.", nameof(candidates));
                if (string.IsNullOrEmpty(post.Id))
                {
                    throw new ArgumentException($"Candidate {i} has no id.", nameof(candidates));
                }

                posts[i] = post;
                if (ids is not null)
                {
                    ids[i] = post.Id;
                }
            }

            if (store is not null)
            {
                store.IndexOf(ids.AsSpan(0, n), storeIndices);
                Array.Clear(words!, 0, (store.Count + 63) >> 6);
            }

            // 2. The first occurrence of each id, unless filtered or seen, compacted in place (kept <= i).
            var kept = 0;
            for (var i = 0; i < n; i++)
            {
                var post = posts[i]!;
                var index = store is null ? -1 : storeIndices[i];
                bool first;
                if (index >= 0)
                {
                    var bit = 1UL << (index & 63);
                    first = (words![index >> 6] & bit) == 0;
                    words[index >> 6] |= bit;
                }
                else
                {
                    unique ??= new HashSet<string>(store is null ? n : 0, StringComparer.Ordinal);
                    first = unique.Add(post.Id);
                }

                if (!first
                    || (excludedPosts?.Contains(post.Id) ?? false)
                    || (recentlySeen?.Contains(post.Id) ?? false)
                    || (excludedAuthors is not null && post.AuthorId is not null && excludedAuthors.Contains(post.AuthorId))
                    || (excludedTags is not null && HasTag(post, excludedTags)))
                {
                    continue;
                }

                if (store is not null)
                {
                    storeIndices[kept] = index;
                }

                posts[kept++] = post;
            }

            // Slots past the kept ones may still hold candidates: cleared so that a pooled array does not keep them alive.
            Array.Clear(posts, kept, n - kept);
            return kept;
        }
        finally
        {
            if (ids is not null)
            {
                ArrayPool<string>.Shared.Return(ids, clearArray: true);
            }

            if (words is not null)
            {
                ArrayPool<ulong>.Shared.Return(words);
            }
        }
    }

    private static bool HasTag(Post post, HashSet<string> tags)
    {
        foreach (var tag in post.Tags)
        {
            if (tag is not null && tags.Contains(tag.TrimStart('#')))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlySet<string> ToSet(IReadOnlyCollection<string> values) =>
        values as IReadOnlySet<string> ?? new HashSet<string>(values, StringComparer.Ordinal);
}
