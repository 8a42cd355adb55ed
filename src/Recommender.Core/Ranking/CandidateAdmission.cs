using Recommender.Data;

namespace Recommender.Ranking;

/// <summary>Which candidates enter a ranking: deduplicated, filtered, not seen. Shared by the model and the heuristic.</summary>
internal static class CandidateAdmission
{
    /// <summary>
    /// Copies the candidates to keep into <paramref name="posts"/>: the first occurrence of each id, unless the filter
    /// or the seen set excludes it. Returns how many were kept.
    /// </summary>
    public static int Admit(IReadOnlyList<Post> candidates, RankingFilter? filter, IReadOnlyCollection<string>? seen, Post?[] posts)
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
        var unique = new HashSet<string>(candidates.Count, StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var post = candidates[i] ?? throw new ArgumentException($"Candidate {i} is null.", nameof(candidates));
            if (string.IsNullOrEmpty(post.Id))
            {
                throw new ArgumentException($"Candidate {i} has no id.", nameof(candidates));
            }

            if (!unique.Add(post.Id)
                || (excludedPosts?.Contains(post.Id) ?? false)
                || (recentlySeen?.Contains(post.Id) ?? false)
                || (excludedAuthors is not null && post.AuthorId is not null && excludedAuthors.Contains(post.AuthorId))
                || (excludedTags is not null && HasTag(post, excludedTags)))
            {
                continue;
            }

            posts[kept++] = post;
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
