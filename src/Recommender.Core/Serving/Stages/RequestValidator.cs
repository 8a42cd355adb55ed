using Recommender.Data;

namespace Recommender.Serving;

/// <summary>
/// Stage 1 of a request: programmer errors are thrown before anything else runs (null or empty ids, counts out of
/// range, limits exceeded), each naming the argument. Reads the options at every call.
/// </summary>
internal sealed class RequestValidator(ServingOptions options)
{
    public static void UserId(string userId, string name = "userId") => Guard.NotNullOrEmpty(userId, name);

    /// <summary>Candidate ids: the list, its size, and every id non-empty.</summary>
    public void CandidateIds(IReadOnlyList<string> candidateIds, string name = "candidateIds")
    {
        ArgumentNullException.ThrowIfNull(candidateIds, name);
        CandidateCount(candidateIds.Count, name);
        for (var i = 0; i < candidateIds.Count; i++)
        {
            if (string.IsNullOrEmpty(candidateIds[i]))
            {
                throw new ArgumentException($"{name}[{i}] is null or empty.", name);
            }
        }
    }

    /// <summary>Candidate posts: the list, its size, every post present and with an id; returns their ids.</summary>
    public string[] CandidatePosts(IReadOnlyList<Post> candidates, string name = "candidates")
    {
        ArgumentNullException.ThrowIfNull(candidates, name);
        CandidateCount(candidates.Count, name);
        var ids = new string[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var post = candidates[i] ?? throw new ArgumentException($"{name}[{i}] is null.", name);
            ids[i] = string.IsNullOrEmpty(post.Id) ? throw new ArgumentException($"{name}[{i}] has no id.", name) : post.Id;
        }

        return ids;
    }

    public void CandidateCount(int count, string name)
    {
        if (count > options.MaxCandidates)
        {
            throw new ArgumentException($"{count} candidates exceed Serving:MaxCandidates ({options.MaxCandidates}).", name);
        }
    }

    public void Count(int count)
    {
        if (count < 1 || count > options.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and Serving:MaxCount ({options.MaxCount}).");
        }
    }

    public static void UserIds(IReadOnlyList<string> userIds, string name = "userIds")
    {
        ArgumentNullException.ThrowIfNull(userIds, name);
        for (var i = 0; i < userIds.Count; i++)
        {
            if (string.IsNullOrEmpty(userIds[i]))
            {
                throw new ArgumentException($"{name}[{i}] is null or empty.", name);
            }
        }
    }

    public static void Engagement(in Engagement engagement)
    {
        Guard.NotNullOrEmpty(engagement.UserId, "engagement.UserId");
        Guard.NotNullOrEmpty(engagement.PostId, "engagement.PostId");
        if (!Enum.IsDefined(engagement.Kind))
        {
            throw new ArgumentException($"engagement.Kind {(int)engagement.Kind} is not a defined EngagementKind.", nameof(engagement));
        }

        if (engagement.Weight is { } w && !float.IsFinite(w))
        {
            throw new ArgumentException($"engagement.Weight must be finite, was {w}.", nameof(engagement));
        }
    }
}
