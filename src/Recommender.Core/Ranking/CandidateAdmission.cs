using System.Buffers;
using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>Which candidates enter a ranking: deduplicated, filtered, not seen. Shared by the model and the heuristic.</summary>
internal static class CandidateAdmission
{
    /// <summary>
    /// Copies the candidates to keep into <paramref name="posts"/>: the first occurrence of each id, unless the filter
    /// or the seen set excludes it. Returns how many were kept.
    /// </summary>
    public static int Admit(IReadOnlyList<Post> candidates, RankingFilter? filter, IReadOnlyCollection<string>? seen, Post?[] posts) =>
        Admit(candidates, filter, seen, posts, null, default);

    /// <summary>
    /// As <see cref="Admit(IReadOnlyList{Post}, RankingFilter?, IReadOnlyCollection{string}?, Post?[])"/>, and writes
    /// each kept post's index in <paramref name="store"/> (-1 when unknown) to <paramref name="storeIndices"/>: one
    /// lookup per candidate serves both, and known posts are deduplicated on a bitset of indices rather than a set of
    /// strings (the ranking hot path).
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
        HashSet<string>? unique = store is null ? new HashSet<string>(candidates.Count, StringComparer.Ordinal) : null;
        var words = store is null ? null : ArrayPool<ulong>.Shared.Rent((store.Count + 63) >> 6);
        var kept = 0;
        try
        {
            if (words is not null)
            {
                Array.Clear(words, 0, (store!.Count + 63) >> 6);
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                var post = candidates[i] ?? throw new ArgumentException($"Candidate {i} is null.", nameof(candidates));
                if (string.IsNullOrEmpty(post.Id))
                {
                    throw new ArgumentException($"Candidate {i} has no id.", nameof(candidates));
                }

                var index = -1;
                bool first;
                if (store is not null && store.TryGetIndex(post.Id, out index))
                {
                    var bit = 1UL << (index & 63);
                    first = (words![index >> 6] & bit) == 0;
                    words[index >> 6] |= bit;
                }
                else
                {
                    index = -1;
                    unique ??= new HashSet<string>(StringComparer.Ordinal);
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
        }
        finally
        {
            if (words is not null)
            {
                ArrayPool<ulong>.Shared.Return(words);
            }
        }

        return kept;
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
